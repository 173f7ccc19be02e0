package dev.prognos.console.notify;

import dev.failsafe.Failsafe;
import dev.failsafe.RetryPolicy;
import dev.prognos.console.internal.Db;
import dev.prognos.core.alert.Alert;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Sends what the notification outbox holds: due rows oldest first, each retried a few times by
 * Failsafe (exponential backoff), marked sent once its channel took it. A row that still fails
 * stays in the table and is due again later (1 min by default, doubling up to 15 min): nothing is lost, and
 * a restart sends only the rows not yet marked. Transitions of one alert go out in order on each
 * channel. A crash between a channel taking a notification and the mark can repeat that one
 * notification (at least once); webhooks carry a stable {@code Idempotency-Key} for that case.
 */
public final class Dispatcher implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Dispatcher.class);
    static final Duration MAX_RETRY_DELAY = Duration.ofMinutes(15);
    static final int BATCH = 100;

    /** A channel: how to send and when it may. */
    public record Channel(Sender sender, Pacing pacing) {
    }

    private final DataSource ds;
    private final Map<String, Channel> channels;
    private final RetryPolicy<Object> retry;
    private final long pollMs;
    private final Duration firstRetryDelay;
    private final Thread thread;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile boolean running = true;

    public Dispatcher(DataSource ds, Map<String, Channel> channels, int attempts, long pollMs, Duration firstRetryDelay) {
        this.firstRetryDelay = firstRetryDelay;
        this.ds = ds;
        this.channels = Map.copyOf(channels);
        this.pollMs = pollMs;
        this.retry = RetryPolicy.builder()
                .handle(Exception.class)
                .withMaxAttempts(attempts)
                .withBackoff(Duration.ofMillis(200), Duration.ofSeconds(5))
                .build();
        this.thread = new Thread(this::run, "prognos-console-notify");
        this.thread.setDaemon(true);
    }

    public void start() {
        if (!channels.isEmpty()) {
            thread.start();
        }
    }

    /** One row of the outbox, for operators. */
    public record Entry(long id, String channel, String alertId, String transition, long createdAt, long dueAt,
                        int attempts, Long sentAt, String lastError) {
    }

    /** The newest {@code limit} rows of the outbox. */
    public static List<Entry> entries(DataSource ds, int limit) {
        return Db.tx(ds, c -> {
            List<Entry> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, channel, alert_id, transition, created_at, due_at, "
                    + "attempts, sent_at, last_error FROM notifications ORDER BY id DESC")) {
                ps.setMaxRows(limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long sent = rs.getLong(8);
                        Long sentAt = rs.wasNull() ? null : sent;
                        out.add(new Entry(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5),
                                rs.getLong(6), rs.getInt(7), sentAt, rs.getString(9)));
                    }
                }
            }
            return out;
        });
    }

    public long sent() {
        return sent.get();
    }

    public long failures() {
        return failures.get();
    }

    private record Row(long id, String channel, String alertId, Alert.Severity severity, String payload, int attempts) {
    }

    private void run() {
        while (running) {
            try {
                round(Instant.now());
            } catch (RuntimeException e) {
                LOG.error("notification round failed: " + e, e);
            }
            synchronized (this) {
                try {
                    if (running) {
                        wait(pollMs);
                    }
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /** One pass over the due rows. */
    void round(Instant now) {
        List<Row> due = Db.tx(ds, c -> {
            List<Row> rows = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, channel, alert_id, severity, payload, attempts "
                    + "FROM notifications WHERE sent_at IS NULL AND due_at <= ? ORDER BY id")) {
                ps.setMaxRows(BATCH);
                ps.setLong(1, now.toEpochMilli());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new Row(rs.getLong(1), rs.getString(2), rs.getString(3),
                                Alert.Severity.valueOf(rs.getString(4)), rs.getString(5), rs.getInt(6)));
                    }
                }
            }
            return rows;
        });
        Set<String> blocked = new HashSet<>(); // channel + alert: an earlier transition is still waiting
        for (Row row : due) {
            if (!running) {
                return;
            }
            String order = row.channel() + "\u0000" + row.alertId();
            if (blocked.contains(order)) {
                continue;
            }
            Channel channel = channels.get(row.channel());
            if (channel == null) {
                blocked.add(order);
                defer(row.id(), now.plus(MAX_RETRY_DELAY), row.attempts(), "channel '" + row.channel() + "' is not configured");
                continue;
            }
            var hold = channel.pacing().holdUntil(now, row.severity(), sentInLastHour(row.channel(), now));
            if (hold.isPresent()) {
                blocked.add(order);
                defer(row.id(), hold.get(), row.attempts(), null);
                continue;
            }
            try {
                Failsafe.with(retry).run(() -> channel.sender().send(row.id(), row.payload()));
                markSent(row.id(), Instant.now());
                sent.incrementAndGet();
            } catch (RuntimeException e) {
                blocked.add(order);
                long n = failures.incrementAndGet();
                Throwable cause = e.getCause() == null ? e : e.getCause();
                int attempts = row.attempts() + 1;
                Duration wait = firstRetryDelay.multipliedBy(1L << Math.min(attempts - 1, 4));
                if (wait.compareTo(MAX_RETRY_DELAY) > 0) {
                    wait = MAX_RETRY_DELAY;
                }
                LOG.warnf("notification %d to %s failed (%d failures so far), next try in %s: %s",
                        row.id(), row.channel(), n, wait, cause.toString());
                defer(row.id(), Instant.now().plus(wait), attempts, cause.toString());
            }
        }
    }

    private List<Instant> sentInLastHour(String channel, Instant now) {
        return Db.tx(ds, c -> {
            List<Instant> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT sent_at FROM notifications WHERE channel = ? AND sent_at > ? ORDER BY sent_at")) {
                ps.setString(1, channel);
                ps.setLong(2, now.minus(Pacing.WINDOW).toEpochMilli());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(Instant.ofEpochMilli(rs.getLong(1)));
                    }
                }
            }
            return out;
        });
    }

    private void markSent(long id, Instant at) {
        Db.tx(ds, c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE notifications SET sent_at = ?, last_error = NULL WHERE id = ?")) {
                ps.setLong(1, at.toEpochMilli());
                ps.setLong(2, id);
                return ps.executeUpdate();
            }
        });
    }

    private void defer(long id, Instant until, int attempts, String error) {
        Db.tx(ds, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE notifications SET due_at = ?, attempts = ?, last_error = ? WHERE id = ?")) {
                ps.setLong(1, until.toEpochMilli());
                ps.setInt(2, attempts);
                ps.setString(3, error);
                ps.setLong(4, id);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public void close() {
        running = false;
        synchronized (this) {
            notifyAll();
        }
        try {
            thread.join(15_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Wakes the dispatcher now (a transition was just written). */
    public void nudge() {
        synchronized (this) {
            notifyAll();
        }
    }
}
