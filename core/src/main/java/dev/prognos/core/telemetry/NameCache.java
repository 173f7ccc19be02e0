package dev.prognos.core.telemetry;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Canonical {@link String}s for the names every telemetry message repeats (reading names, sites,
 * asset types), looked up by their UTF-8 bytes. A decoder that asks here instead of building a new
 * {@code String} per message gets the same instance each time: no allocation and copy, and its hash
 * is computed once, so the maps keyed by reading name downstream (a window's statistics per
 * reading) find their entry by identity instead of hashing and comparing a fresh string.
 *
 * <p>Bounded whatever the input: a direct-mapped table of {@link #SLOTS} entries, each name at most
 * {@link #MAX_BYTES} bytes (longer ones are decoded, not cached); a name whose slot another name
 * holds replaces it. A device sending random names therefore costs misses, never memory.
 * Thread-safe without locks: entries are immutable, and a reader that sees a stale or missing entry
 * merely decodes the bytes itself. The result always equals {@code new String(bytes, UTF_8)}.
 */
public final class NameCache {

    /** Table size: a power of two, far above the reading names of a fleet (tens). */
    public static final int SLOTS = 1024;
    /** Longest name cached, bytes of UTF-8. */
    public static final int MAX_BYTES = 64;

    private static final NameCache SHARED = new NameCache();

    private record Entry(byte[] utf8, String name) {
    }

    private final Entry[] slots = new Entry[SLOTS];

    /** The cache the codecs share (Avro decoding in the stream job and the edge, Flink's serializer). */
    public static NameCache shared() {
        return SHARED;
    }

    /** A cache of its own (tests). */
    public NameCache() {
    }

    /** The name the UTF-8 bytes {@code utf8[offset, offset + length)} spell, canonical when cached. */
    public String name(byte[] utf8, int offset, int length) {
        if (length > MAX_BYTES) {
            return new String(utf8, offset, length, StandardCharsets.UTF_8);
        }
        int slot = hash(utf8, offset, length) & (SLOTS - 1);
        Entry e = slots[slot];
        if (e != null && Arrays.equals(e.utf8, 0, e.utf8.length, utf8, offset, offset + length)) {
            return e.name;
        }
        String name = new String(utf8, offset, length, StandardCharsets.UTF_8);
        slots[slot] = new Entry(Arrays.copyOfRange(utf8, offset, offset + length), name);
        return name;
    }

    /** {@link #name(byte[], int, int)} of the whole array. */
    public String name(byte[] utf8) {
        return name(utf8, 0, utf8.length);
    }

    private static int hash(byte[] b, int offset, int length) {
        int h = length;
        for (int i = offset, end = offset + length; i < end; i++) {
            h = 31 * h + b[i];
        }
        // Spread the high bits into the slot index.
        return h ^ (h >>> 16);
    }
}
