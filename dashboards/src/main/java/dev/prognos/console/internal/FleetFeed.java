package dev.prognos.console.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prognos.core.Topics;
import dev.prognos.core.alert.Alert;
import dev.prognos.core.alert.AlertJson;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jboss.logging.Logger;

/**
 * Reads {@code prognos.alerts}, {@code prognos.health}, {@code prognos.device-status} and
 * {@code prognos.models} into the database, one transaction per poll, and commits the consumer
 * offsets only after that transaction: what the database holds and where the console resumes after
 * a restart agree (a crash in between replays a batch, which the stores take idempotently).
 * Live events go out after the commit. A record that cannot be read is logged and skipped.
 */
public final class FleetFeed implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(FleetFeed.class);
    static final List<String> TOPICS = List.of(Topics.ALERTS, Topics.HEALTH, Topics.DEVICE_STATUS, Topics.MODELS);
    /** Header the gateway puts on status records: the device's site. */
    static final String SITE_HEADER = "prognos.site";

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final DataSource ds;
    private final AlertStore alerts;
    private final DeviceStore devices;
    private final ModelStore models;
    private final RecentHealth recent;
    private final ConsoleEvents events;
    private final ObjectMapper json = new ObjectMapper();
    private final Thread thread;
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong applied = new AtomicLong();
    private volatile boolean running = true;

    public FleetFeed(String bootstrap, String group, DataSource ds, AlertStore alerts, DeviceStore devices,
                     ModelStore models, RecentHealth recent, ConsoleEvents events) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // The stream processor writes alerts and health in Kafka transactions: read committed ones only.
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "prognos-console-feed");
        this.consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.ds = ds;
        this.alerts = alerts;
        this.devices = devices;
        this.models = models;
        this.recent = recent;
        this.events = events;
        this.thread = new Thread(this::run, "prognos-console-feed");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** Records applied to the database since start. */
    public long applied() {
        return applied.get();
    }

    /** Records skipped because they could not be read. */
    public long skipped() {
        return skipped.get();
    }

    public boolean alive() {
        return thread.isAlive();
    }

    private void run() {
        try {
            consumer.subscribe(TOPICS);
            while (running) {
                ConsumerRecords<byte[], byte[]> batch = consumer.poll(Duration.ofMillis(500));
                if (batch.isEmpty()) {
                    continue;
                }
                List<Runnable> after = new ArrayList<>();
                Db.tx(ds, c -> {
                    long now = System.currentTimeMillis();
                    for (ConsumerRecord<byte[], byte[]> r : batch) {
                        try {
                            apply(c, r, now, after);
                        } catch (IllegalArgumentException e) {
                            long n = skipped.incrementAndGet();
                            LOG.warnf("skipped %s/%d@%d (%d skipped so far): %s", r.topic(), r.partition(), r.offset(), n, e.getMessage());
                        }
                    }
                    return null;
                });
                consumer.commitSync();
                applied.addAndGet(batch.count());
                after.forEach(Runnable::run);
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } catch (RuntimeException e) {
            LOG.error("the Kafka feed stopped: " + e, e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void apply(java.sql.Connection c, ConsumerRecord<byte[], byte[]> r, long now, List<Runnable> after) throws java.sql.SQLException {
        String key = r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8);
        switch (r.topic()) {
            case Topics.ALERTS -> {
                if (r.value() == null) {
                    return;
                }
                Alert a = AlertJson.decode(r.value());
                devices.seen(c, a.device(), a.site(), a.asset());
                AlertStore.Outcome o = alerts.ingest(c, a, now);
                if (o != AlertStore.Outcome.UNCHANGED) {
                    after.add(() -> {
                        events.publish(ConsoleEvents.ALERT, a);
                        events.publish(ConsoleEvents.DEVICE, a.device());
                    });
                }
            }
            case Topics.HEALTH -> {
                JsonNode h = tree(r.value(), "health window");
                String device = h.path("device").asText("");
                if (device.isEmpty()) {
                    throw new IllegalArgumentException("health window without device");
                }
                String text = new String(r.value(), StandardCharsets.UTF_8);
                devices.health(c, h, text);
                after.add(() -> {
                    recent.add(device, text);
                    events.publish(ConsoleEvents.HEALTH, text);
                    events.publish(ConsoleEvents.DEVICE, device);
                });
            }
            case Topics.DEVICE_STATUS -> {
                if (key == null) {
                    throw new IllegalArgumentException("status without a device key");
                }
                if (r.value() == null) {
                    devices.statusCleared(c, key);
                } else {
                    Header site = r.headers().lastHeader(SITE_HEADER);
                    devices.status(c, key, site == null ? null : new String(site.value(), StandardCharsets.UTF_8),
                            tree(r.value(), "device status"), r.timestamp());
                }
                after.add(() -> events.publish(ConsoleEvents.DEVICE, key));
            }
            case Topics.MODELS -> {
                if (r.value() != null) {
                    models.seen(c, tree(r.value(), "model artifact"), now);
                }
            }
            default -> throw new IllegalArgumentException("unexpected topic " + r.topic());
        }
    }

    private JsonNode tree(byte[] value, String what) {
        if (value == null) {
            throw new IllegalArgumentException(what + ": empty value");
        }
        try {
            JsonNode n = json.readTree(value);
            if (n == null || !n.isObject()) {
                throw new IllegalArgumentException(what + ": not a JSON object");
            }
            return n;
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(what + ": not JSON: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
