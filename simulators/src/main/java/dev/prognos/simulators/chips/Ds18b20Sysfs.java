package dev.prognos.simulators.chips;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * A DS18B20 as Linux's w1_therm driver shows it: {@code <devices-dir>/28-xxxxxxxxxxxx/w1_slave},
 * two lines with the 9-byte scratchpad (datasheet: temperature LSB/MSB in 1/16 °C, TH, TL, config
 * 0x7F for 12 bits, 0xFF, count remain, 0x10, and the Dallas/Maxim CRC-8) and the temperature in m°C:
 * <pre>
 * 72 01 4b 46 7f ff 0e 10 57 : crc=57 YES
 * 72 01 4b 46 7f ff 0e 10 57 t=23125
 * </pre>
 * {@link #update} rewrites the file atomically (write, then rename), so a reader never sees half of
 * one; the simulation calls it about once a second, as often as a 12-bit conversion (750 ms) allows.
 */
public final class Ds18b20Sysfs {

    private final Path file;
    private final String id;

    /** @param id the ROM id as the kernel names it, {@code 28-} then 12 hex digits */
    public Ds18b20Sysfs(Path devicesDir, String id) {
        if (!id.matches("28-[0-9a-f]{12}")) {
            throw new IllegalArgumentException("a DS18B20 id is 28- and 12 lower-case hex digits, got " + id);
        }
        this.id = id;
        this.file = devicesDir.resolve(id).resolve("w1_slave");
    }

    public String id() {
        return id;
    }

    /** Writes a conversion of {@code celsius}, rounded to the 12-bit resolution (1/16 °C). */
    public void update(double celsius) {
        int raw = (int) Math.round(Math.max(-55, Math.min(125, celsius)) * 16);
        byte[] pad = {(byte) raw, (byte) (raw >> 8), 0x4B, 0x46, 0x7F, (byte) 0xFF, 0x0C, 0x10, 0};
        pad[8] = crc8(pad, 8);
        StringBuilder hex = new StringBuilder();
        for (byte b : pad) {
            hex.append(String.format(Locale.ROOT, "%02x ", b & 0xFF));
        }
        String text = hex + ": crc=" + String.format(Locale.ROOT, "%02x", pad[8] & 0xFF) + " YES\n"
                + hex + "t=" + Math.round(raw * 62.5) + "\n";
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling("w1_slave.tmp");
            Files.writeString(tmp, text, StandardCharsets.US_ASCII);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Dallas/Maxim CRC-8 (polynomial x⁸ + x⁵ + x⁴ + 1, LSB first), as the DS18B20 computes it over the scratchpad. */
    static byte crc8(byte[] data, int length) {
        int crc = 0;
        for (int i = 0; i < length; i++) {
            int b = data[i] & 0xFF;
            for (int bit = 0; bit < 8; bit++) {
                int mix = (crc ^ b) & 1;
                crc >>= 1;
                if (mix != 0) {
                    crc ^= 0x8C;
                }
                b >>= 1;
            }
        }
        return (byte) crc;
    }
}
