package dev.prognos.stream;

import com.influxdb.client.InfluxDBClient;
import com.influxdb.client.InfluxDBClientFactory;
import com.influxdb.client.InfluxDBClientOptions;
import com.influxdb.client.domain.WritePrecision;
import com.influxdb.client.write.Point;
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
 * {@code <reading>_mean|_std|_min|_max|_slope}, {@code z_<reading>}, {@code cusum_<reading>},
 * {@code open_alerts}; time = window end, ms precision.
 *
 * <p>Batched ({@code batchSize} points, and whatever is buffered at each checkpoint), retried
 * ({@code retries} times, doubling from 200 ms), bounded by the HTTP timeouts: InfluxDB is a view
 * for dashboards, so a batch that still fails is dropped and counted (metrics
 * {@value #FAILED_METRIC}, {@value #WRITTEN_METRIC}) rather than stopping or stalling the job.
 * At least once: a restore from checkpoint may write a window again, which InfluxDB overwrites
 * (same series and time).
 */
public final class InfluxHealthSink implements Sink<DeviceHealth> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(InfluxHealthSink.class);

    public static final String MEASUREMENT = "device_health";
    public static final String FAILED_METRIC = "influxPointsFailed";
    public static final String WRITTEN_METRIC = "influxPointsWritten";
    static final long FIRST_BACKOFF_MS = 200;

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
                .addTag("device", h.device())
                .addTag("site", h.site())
                .addTag("asset", h.asset())
                .addTag("retroactive", String.valueOf(h.retroactive()))
                .time(h.windowEnd(), WritePrecision.MS)
                .addField("open_alerts", h.openAlerts());
        if (!h.isoZone().isEmpty()) {
            p.addTag("zone", h.isoZone());
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
        h.zScores().forEach((r, z) -> p.addField("z_" + r, z));
        h.cusum().forEach((r, c) -> p.addField("cusum_" + r, c));
        return p;
    }

    @Override
    public SinkWriter<DeviceHealth> createWriter(WriterInitContext context) {
        return new Writer(context.metricGroup().counter(FAILED_METRIC), context.metricGroup().counter(WRITTEN_METRIC));
    }

    private final class Writer implements SinkWriter<DeviceHealth> {
        private final InfluxDBClient client;
        private final List<Point> buffer = new ArrayList<>();
        private final Counter failed;
        private final Counter written;

        Writer(Counter failed, Counter written) {
            this.failed = failed;
            this.written = written;
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
            long backoff = FIRST_BACKOFF_MS;
            for (int attempt = 0; ; attempt++) {
                try {
                    client.getWriteApiBlocking().writePoints(bucket, org, buffer);
                    written.inc(buffer.size());
                    break;
                } catch (RuntimeException e) {
                    if (attempt >= retries) {
                        failed.inc(buffer.size());
                        LOG.warn("InfluxDB write of {} points to {} failed {} times, points dropped ({} dropped so far): {}",
                                buffer.size(), url, attempt + 1, failed.getCount(), e.toString());
                        break;
                    }
                    try {
                        Thread.sleep(backoff);
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                        failed.inc(buffer.size());
                        break;
                    }
                    backoff *= 2;
                }
            }
            buffer.clear();
        }

        @Override
        public void close() {
            client.close();
        }
    }
}
