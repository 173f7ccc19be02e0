package dev.prognos.edge;

import dev.prognos.edge.AgentOptions.OutboxPolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.function.LongFunction;

/**
 * The durable outbox: every reading is stored here, with its seq, before it is published, and
 * deleted only when the broker has acknowledged it (PUBACK). One SQLite database file.
 *
 * <p>Guarantees, each resting on one SQLite transaction with {@code synchronous=FULL}:
 * <ul>
 *   <li>{@link #append} allocates the seq and stores the message in the same transaction, so a
 *       seq is never handed out twice, across kill -9 and power loss alike;</li>
 *   <li>when {@link #append} returns, the message is on disk: a crash after that loses nothing;</li>
 *   <li>{@link #oldest} reads in seq order, so a backlog is published oldest first;</li>
 *   <li>the stored size is bounded by {@code maxBytes}: when full, {@link OutboxPolicy#DROP_OLDEST}
 *       deletes the oldest messages (counted in {@link Stats#dropped()}), {@link OutboxPolicy#REFUSE_NEW}
 *       refuses the new one (counted in {@link Stats#refused()}, and it gets no seq).</li>
 * </ul>
 * Thread-safe: one connection, every method synchronized (SQLite serialises writers anyway).
 */
public final class Outbox implements AutoCloseable {

    /**
     * Bytes counted per stored message on top of its payload: the rowid, the seq and the b-tree
     * cell header (about 20 bytes in SQLite's record format), rounded up for page slack. The bound
     * is on these counted bytes; the file itself can be up to a few pages larger.
     */
    public static final int ROW_OVERHEAD_BYTES = 32;

    /** One stored message. */
    public record Entry(long seq, byte[] payload) {
    }

    /**
     * @param depth   messages stored (not yet acknowledged)
     * @param bytes   bytes counted against the bound (payloads plus {@link #ROW_OVERHEAD_BYTES} each)
     * @param dropped messages deleted unpublished to make room (drop-oldest), since the outbox was created
     * @param refused messages refused because the outbox was full (refuse-new), since it was created
     * @param lastSeq the last seq allocated (0 before the first)
     */
    public record Stats(long depth, long bytes, long dropped, long refused, long lastSeq) {
    }

    private final Path file;
    private long maxBytes;
    private OutboxPolicy policy;
    private final Connection db;
    private final PreparedStatement insert;
    private final PreparedStatement deleteOne;
    private final PreparedStatement selectAfter;
    private final PreparedStatement selectOldest;
    private final PreparedStatement deleteOldest;
    private final PreparedStatement setMeta;
    private Stats stats;

    private Outbox(Path file, long maxBytes, OutboxPolicy policy, Connection db) throws SQLException {
        this.file = file;
        this.maxBytes = maxBytes;
        this.policy = policy;
        this.db = db;
        this.insert = db.prepareStatement("INSERT INTO outbox(seq, payload) VALUES (?, ?)");
        this.deleteOne = db.prepareStatement("DELETE FROM outbox WHERE seq = ? RETURNING length(payload)");
        this.selectAfter = db.prepareStatement("SELECT seq, payload FROM outbox WHERE seq > ? ORDER BY seq LIMIT ?");
        this.selectOldest = db.prepareStatement("SELECT seq, length(payload) FROM outbox ORDER BY seq LIMIT 1");
        this.deleteOldest = db.prepareStatement("DELETE FROM outbox WHERE seq = ?");
        this.setMeta = db.prepareStatement("UPDATE meta SET last_seq = ?, bytes = ?, dropped = ?, refused = ?");
        this.stats = readStats();
    }

    /**
     * Opens (creating if needed) the outbox in {@code file}.
     *
     * @param maxBytes bound on the counted bytes; at least one largest message plus its overhead
     */
    public static Outbox open(Path file, long maxBytes, OutboxPolicy policy) {
        Objects.requireNonNull(policy, "policy");
        if (maxBytes < ROW_OVERHEAD_BYTES + 1) {
            throw new IllegalArgumentException("maxBytes must be > " + ROW_OVERHEAD_BYTES + ", got " + maxBytes);
        }
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the outbox directory for " + file, e);
        }
        try {
            Connection db = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try (Statement s = db.createStatement()) {
                // WAL: a commit appends to the log instead of rewriting pages, and readers never
                // block the writer. synchronous=FULL fsyncs the log at every commit. NORMAL would
                // also keep the file consistent, but a commit could be rolled back by a power loss
                // AFTER the agent had published it: the seq counter would go back and the next
                // reading would reuse a seq the cloud already has. FULL makes the seq durable
                // before anything leaves the device. It costs one fsync per reading and one per
                // acknowledgement, fine at the agent's message rates (BENCHMARKS.md).
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=FULL");
                s.execute("PRAGMA busy_timeout=5000");
                s.execute("CREATE TABLE IF NOT EXISTS outbox(seq INTEGER PRIMARY KEY, payload BLOB NOT NULL)");
                s.execute("CREATE TABLE IF NOT EXISTS meta(last_seq INTEGER NOT NULL, bytes INTEGER NOT NULL, "
                        + "dropped INTEGER NOT NULL, refused INTEGER NOT NULL)");
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM meta")) {
                    rs.next();
                    if (rs.getLong(1) == 0) {
                        s.execute("INSERT INTO meta VALUES (0, 0, 0, 0)");
                    }
                }
            }
            db.setAutoCommit(false);
            db.commit();
            return new Outbox(file, maxBytes, policy, db);
        } catch (SQLException e) {
            throw new OutboxException("cannot open the outbox " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Allocates the next seq, builds the message for it and stores it, in one transaction.
     *
     * @param payloadForSeq the message bytes for a seq (the seq is part of the message)
     * @return the seq, or empty when the outbox is full under {@link OutboxPolicy#REFUSE_NEW}
     * @throws IllegalArgumentException if one message is larger than the whole bound
     */
    public synchronized OptionalLong append(LongFunction<byte[]> payloadForSeq) {
        long seq = stats.lastSeq() + 1;
        byte[] payload = payloadForSeq.apply(seq);
        long cost = payload.length + (long) ROW_OVERHEAD_BYTES;
        if (cost > maxBytes) {
            throw new IllegalArgumentException("message of " + payload.length + " bytes does not fit an outbox of "
                    + maxBytes + " bytes");
        }
        long depth = stats.depth();
        long bytes = stats.bytes();
        long dropped = stats.dropped();
        long refused = stats.refused();
        try {
            if (bytes + cost > maxBytes && policy == OutboxPolicy.REFUSE_NEW) {
                refused++;
                setMeta(stats.lastSeq(), bytes, dropped, refused);
                db.commit();
                stats = new Stats(depth, bytes, dropped, refused, stats.lastSeq());
                return OptionalLong.empty();
            }
            while (bytes + cost > maxBytes) {
                long[] oldest = oldestRow();
                deleteOldest.setLong(1, oldest[0]);
                deleteOldest.executeUpdate();
                bytes -= oldest[1] + ROW_OVERHEAD_BYTES;
                depth--;
                dropped++;
            }
            insert.setLong(1, seq);
            insert.setBytes(2, payload);
            insert.executeUpdate();
            setMeta(seq, bytes + cost, dropped, refused);
            db.commit();
            stats = new Stats(depth + 1, bytes + cost, dropped, refused, seq);
            return OptionalLong.of(seq);
        } catch (SQLException e) {
            rollback();
            throw new OutboxException("cannot store seq " + seq + " in " + file + ": " + e.getMessage(), e);
        }
    }

    /** Up to {@code limit} stored messages with a seq above {@code afterSeq}, oldest first. */
    public synchronized List<Entry> oldest(long afterSeq, int limit) {
        List<Entry> out = new ArrayList<>(Math.min(limit, 1024));
        try {
            selectAfter.setLong(1, afterSeq);
            selectAfter.setInt(2, limit);
            try (ResultSet rs = selectAfter.executeQuery()) {
                while (rs.next()) {
                    out.add(new Entry(rs.getLong(1), rs.getBytes(2)));
                }
            }
            db.commit();
            return out;
        } catch (SQLException e) {
            rollback();
            throw new OutboxException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Deletes an acknowledged message.
     *
     * @return false if it was not stored (already deleted, or dropped to make room)
     */
    public synchronized boolean delete(long seq) {
        try {
            deleteOne.setLong(1, seq);
            long length = -1;
            try (ResultSet rs = deleteOne.executeQuery()) {
                if (rs.next()) {
                    length = rs.getLong(1);
                }
            }
            if (length < 0) {
                db.commit();
                return false;
            }
            long bytes = stats.bytes() - length - ROW_OVERHEAD_BYTES;
            setMeta(stats.lastSeq(), bytes, stats.dropped(), stats.refused());
            db.commit();
            stats = new Stats(stats.depth() - 1, bytes, stats.dropped(), stats.refused(), stats.lastSeq());
            return true;
        } catch (SQLException e) {
            rollback();
            throw new OutboxException("cannot delete seq " + seq + " from " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Changes the bound and the policy (remote configuration). A bound below what is stored now
     * takes effect at the next append: drop-oldest then drops down to it, refuse-new refuses until
     * acknowledgements have made room.
     */
    public synchronized void limits(long newMaxBytes, OutboxPolicy newPolicy) {
        Objects.requireNonNull(newPolicy, "policy");
        if (newMaxBytes < ROW_OVERHEAD_BYTES + 1) {
            throw new IllegalArgumentException("maxBytes must be > " + ROW_OVERHEAD_BYTES + ", got " + newMaxBytes);
        }
        this.maxBytes = newMaxBytes;
        this.policy = newPolicy;
    }

    public synchronized long maxBytes() {
        return maxBytes;
    }

    public synchronized OutboxPolicy policy() {
        return policy;
    }

    public synchronized Stats stats() {
        return stats;
    }

    public Path file() {
        return file;
    }

    @Override
    public synchronized void close() {
        try {
            db.close();
        } catch (SQLException e) {
            throw new OutboxException("cannot close " + file + ": " + e.getMessage(), e);
        }
    }

    private long[] oldestRow() throws SQLException {
        try (ResultSet rs = selectOldest.executeQuery()) {
            if (!rs.next()) {
                throw new SQLException("outbox counted " + stats.bytes() + " bytes but holds no message");
            }
            return new long[] {rs.getLong(1), rs.getLong(2)};
        }
    }

    private void setMeta(long lastSeq, long bytes, long dropped, long refused) throws SQLException {
        setMeta.setLong(1, lastSeq);
        setMeta.setLong(2, bytes);
        setMeta.setLong(3, dropped);
        setMeta.setLong(4, refused);
        setMeta.executeUpdate();
    }

    private Stats readStats() throws SQLException {
        try (Statement s = db.createStatement();
             ResultSet meta = s.executeQuery("SELECT last_seq, bytes, dropped, refused FROM meta");
             Statement c = db.createStatement();
             ResultSet count = c.executeQuery("SELECT count(*), coalesce(max(seq), 0) FROM outbox")) {
            meta.next();
            count.next();
            // The stored seqs can never be above last_seq (same transaction); max() guards a hand-edited file.
            long lastSeq = Math.max(meta.getLong(1), count.getLong(2));
            Stats st = new Stats(count.getLong(1), meta.getLong(2), meta.getLong(3), meta.getLong(4), lastSeq);
            db.commit();
            return st;
        }
    }

    private void rollback() {
        try {
            db.rollback();
        } catch (SQLException ignored) {
            // The original failure is what the caller needs to see.
        }
    }

    /** The outbox's database failed (disk full, file unreadable). */
    public static final class OutboxException extends RuntimeException {
        public OutboxException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
