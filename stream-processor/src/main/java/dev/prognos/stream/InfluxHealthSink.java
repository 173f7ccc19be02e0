package dev.prognos.stream;

import com.influxdb.client.InfluxDBClient;
import com.influxdb.client.InfluxDBClientFactory;
import com.influxdb.client.InfluxDBClientOptions;
import com.influxdb.client.domain.WritePrecision;
import com.influxdb.client.write.Point;
import dev.failsafe.Failsafe;
import dev.failsafe.RetryPolicy;
import dev.prognos.core.features.window.WindowFeatures;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import okhttp3.OkHttpClient;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.metrics.Counter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Health points to InfluxDB with influxdb-client-java ({@code /api/v2/write}): measurement
 * {@value #MEASUREMENT}, tags device, site, asset, zone, retroactive; fields
 * {@code <reading>_mean|_std|_min|_max|_slope|_count}, {@code z_<reading>}, {@code cusum_<reading>},
 * {@code open_alerts}, and with a model {@code model_version}, {@code rul}, {@code failure_probability};
 * time = window end, ms precision. Grafana's dashboards in {@code dashboards/grafana} query these names.
 *
 * <p>Batched ({@code batchSize} points, and whatever is buffered at each checkpoint), retried with
 * Failsafe ({@code retries} times, back-off doubling from {@value #FIRST_BACKOFF_MS} ms up to
 * {@value #MAX_BACKOFF_MS} ms, no retry started after {@link #writeBudgetMs} of the batch), each
 * request bounded by the HTTP timeouts: InfluxDB is a view for dashboards, so a batch that still
 * fails is dropped and counted (metrics {@value #FAILED_METRIC}, {@value #RETRIES_METRIC},
 * {@value #WRITTEN_METRIC}) rather than stopping or stalling the job.
 * At least once: a restore from checkpoint may write a window again, which InfluxDB overwrites
 * (same series and time).
 */
public final class InfluxHealthSink implements Sink<DeviceHealth> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(InfluxHealthSink.class);

    public static final String MEASUREMENT = "device_health";
    /** Tags of every point. */
    public static final String TAG_DEVICE = "device";
    public static final String TAG_SITE = "site";
    public static final String TAG_ASSET = "asset";
    public static final String TAG_ZONE = "zone";
    public static final String TAG_RETROACTIVE = "retroactive";
    /** Fields: per reading {@code <reading>_mean} etc., {@code z_<reading>}, {@code cusum_<reading>}, and these. */
    public static final List<String> FEATURE_SUFFIXES = List.of("_mean", "_std", "_min", "_max", "_slope", "_count");
    public static final String Z_PREFIX = "z_";
    public static final String CUSUM_PREFIX = "cusum_";
    public static final String FIELD_OPEN_ALERTS = "open_alerts";
    public static final String FIELD_MODEL_VERSION = "model_version";
    public static final String FIELD_RUL = "rul";
    public static final String FIELD_FAILURE_PROBABILITY = "failure_probability";
    public static final String FAILED_METRIC = "influxPointsFailed";
    public static final String WRITTEN_METRIC = "influxPointsWritten";
    public static final String RETRIES_METRIC = "influxWriteRetries";
    static final long FIRST_BACKOFF_MS = 200;
    static final long MAX_BACKOFF_MS = 5_000;

    private final String url;
    private final String org;
    private final String bucket;
    private final String token;
    private final int batchSize;
    private final int retries;
    private final long timeoutMs;

    public InfluxHealthSink(String url, String org, String bucket, String token, int batchSize, int retries, long timeoutMs) {
        this.url = url;
        this.org = org;
        this.bucket = bucket;
        this.token = token;
        this.batchSize = batchSize;
        this.retries = retries;
        this.timeoutMs = timeoutMs;
    }

    public static InfluxHealthSink of(StreamJobOptions o) {
        return new InfluxHealthSink(o.influxUrl().orElseThrow(), o.influxOrg(), o.influxBucket(), o.influxToken(),
                o.influxBatchSize(), o.influxRetries(), o.influxTimeoutMs());
    }

    /** The point of one health record. */
    public static Point point(DeviceHealth h) {
        Point p = Point.measurement(MEASUREMENT)
                .addTag(TAG_DEVICE, h.device())
                .addTag(TAG_SITE, h.site())
                .addTag(TAG_ASSET, h.asset())
                .addTag(TAG_RETROACTIVE, String.valueOf(h.retroactive()))
                .time(h.windowEnd(), WritePrecision.MS)
                .addField(FIELD_OPEN_ALERTS, h.openAlerts());
        if (!h.isoZone().isEmpty()) {
            p.addTag(TAG_ZONE, h.isoZone());
        }
        if (h.modelVersion() != 0) {
            p.addField(FIELD_MODEL_VERSION, h.modelVersion());
            if (!Double.isNaN(h.rul())) {
                p.addField(FIELD_RUL, h.rul());
            }
            if (!Double.isNaN(h.failureProbability())) {
                p.addField(FIELD_FAILURE_PROBABILITY, h.failureProbability());
            }
        }
        for (Map.Entry<String, WindowFeatures> e : h.features().entrySet()) {
            WindowFeatures f = e.getValue();
            if (f.isEmpty()) {
                continue;
            }
            String r = e.getKey();
            p.addField(r + "_mean", f.mean()).addField(r + "_std", f.std()).addField(r + "_min", f.min())
                    .addField(r + "_max", f.max()).addField(r + "_slope", f.slope()).addField(r + "_count", f.count());
        }
        h.zScores().forEach((r, z) -> p.addField(Z_PREFIX + r, z));
        h.cusum().forEach((r, c) -> p.addField(CUSUM_PREFIX + r, c));
        return p;
    }

    /**
     * Longest a batch may keep the sink busy before its points are given up, ms: every attempt may
     * use its whole call timeout (2 × {@code timeoutMs}), plus the back-off between attempts.
     */
    public long writeBudgetMs() {
        return (retries + 1) * 2 * timeoutMs + retries * MAX_BACKOFF_MS;
    }

    /** The retry policy of one batch write (bounded in count and time; every retry counted). */
    RetryPolicy<Object> retryPolicy(Counter retried) {
        return RetryPolicy.builder()
                .handle(RuntimeException.class)
                .withMaxRetries(retries)
                .withBackoff(Duration.ofMillis(FIRST_BACKOFF_MS), Duration.ofMillis(MAX_BACKOFF_MS))
                .withMaxDuration(Duration.ofMillis(writeBudgetMs()))
                .onRetry(e -> retried.inc())
                .build();
    }

    @Override
    public SinkWriter<DeviceHealth> createWriter(WriterInitContext context) {
        return new Writer(context.metricGroup().counter(FAILED_METRIC), context.metricGroup().counter(WRITTEN_METRIC),
                context.metricGroup().counter(RETRIES_METRIC));
    }

    private final class Writer implements SinkWriter<DeviceHealth> {
        private final InfluxDBClient client;
        private final List<Point> buffer = new ArrayList<>();
        private final Counter failed;
        private final Counter written;
        private final RetryPolicy<Object> retry;

        Writer(Counter failed, Counter written, Counter retried) {
            this.failed = failed;
            this.written = written;
            this.retry = retryPolicy(retried);
            Duration timeout = Duration.ofMillis(timeoutMs);
            InfluxDBClientOptions.Builder b = InfluxDBClientOptions.builder()
                    .url(url).org(org).bucket(bucket)
                    .okHttpClient(new OkHttpClient.Builder().connectTimeout(timeout).readTimeout(timeout)
                            .writeTimeout(timeout).callTimeout(timeout.multipliedBy(2)));
            if (token != null && !token.isBlank()) {
                b.authenticateToken(token.toCharArray());
            }
            client = InfluxDBClientFactory.create(b.build());
        }

        @Override
        public void write(DeviceHealth health, Context context) {
            buffer.add(point(health));
            if (buffer.size() >= batchSize) {
                writeBuffer();
            }
        }

        @Override
        public void flush(boolean endOfInput) {
            writeBuffer();
        }

        private void writeBuffer() {
            if (buffer.isEmpty()) {
                return;
            }
            try {
                Failsafe.with(retry).run(() -> client.getWriteApiBlocking().writePoints(bucket, org, buffer));
                written.inc(buffer.size());
            } catch (RuntimeException e) {
                // The last attempt's error, or a FailsafeException when the wait was interrupted (job cancelled).
                failed.inc(buffer.size());
                LOG.warn("InfluxDB write of {} points to {} failed after {} retries at most, points dropped ({} dropped so far): {}",
                        buffer.size(), url, retries, failed.getCount(), e.toString());
            }
            buffer.clear();
        }

        @Override
        public void close() {
            client.close();
        }
    }
}
