package dev.prognos.gateway.internal;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/**
 * Whether Kafka answers: one describe-cluster call with a short timeout, its answer reused for a
 * few seconds so frequent health probes stay cheap for Kafka and for the gateway.
 */
public final class KafkaProbe implements AutoCloseable {

    /** How long one probe may wait for Kafka. */
    static final Duration TIMEOUT = Duration.ofSeconds(2);
    /** How long an answer is reused. */
    static final Duration REUSE = Duration.ofSeconds(5);

    /** @param detail brokers seen, or why Kafka did not answer */
    public record Result(boolean up, String detail, long atNanos) {
    }

    private final Admin admin;
    private Result last;
    /** System.nanoTime() of the first failed probe in a row; 0 after one that succeeded. */
    private volatile long downSinceNanos;

    public KafkaProbe(Map<String, Object> adminSettings) {
        this.admin = Admin.create(adminSettings);
    }

    public synchronized Result check() {
        long now = System.nanoTime();
        if (last != null && now - last.atNanos() < REUSE.toNanos()) {
            return last;
        }
        try {
            int nodes = admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) TIMEOUT.toMillis()))
                    .nodes().get(TIMEOUT.toMillis() + 500, TimeUnit.MILLISECONDS).size();
            last = new Result(true, nodes + " broker(s)", now);
            downSinceNanos = 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            last = new Result(false, "interrupted", now);
        } catch (Exception e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            last = new Result(false, cause.getClass().getSimpleName() + ": " + cause.getMessage(), now);
        }
        if (!last.up() && downSinceNanos == 0) {
            downSinceNanos = now;
        }
        return last;
    }

    /** How long every probe has failed (ns), as of the last probe; 0 while Kafka answers. */
    public long downForNanos() {
        long since = downSinceNanos;
        return since == 0 ? 0 : System.nanoTime() - since;
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(2));
    }
}
