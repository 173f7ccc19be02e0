package dev.prognos.console.support;

import dev.prognos.core.Topics;
import dev.prognos.core.alert.Alert;
import dev.prognos.core.alert.AlertJson;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes what the rest of the platform writes, in its formats: the edge agent's status (as the
 * gateway forwards it, with the site header), the stream processor's health windows (its
 * DeviceHealth JSON) and alerts (core's AlertJson), each to its topic keyed by device.
 */
public final class FleetRecords implements AutoCloseable {

    private final KafkaProducer<byte[], byte[]> producer;

    public FleetRecords(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    public void status(String device, String site, String asset, boolean online, long outboxDepth, String modelVersion, long ts) {
        String json = String.format(Locale.ROOT, "{\"state\":\"%s\",\"device\":\"%s\",\"site\":\"%s\",\"asset\":\"%s\","
                        + "\"agentVersion\":\"0.1.0\",\"modelVersion\":%s,\"outboxDepth\":%d,\"outboxDropped\":0,"
                        + "\"outboxRefused\":0,\"lastSeq\":42,\"ts\":%d}", online ? "online" : "offline", device, site, asset,
                modelVersion == null ? "null" : "\"" + modelVersion + "\"", outboxDepth, ts);
        ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(Topics.DEVICE_STATUS, bytes(device), bytes(json));
        r.headers().add("prognos.site", bytes(site));
        send(r);
    }

    /** A health window with one reading, vib_rms_mm_s, at {@code rms} mm/s and its z-score. */
    public void health(String device, String site, String asset, long windowEnd, double rms, String zone, double z, int openAlerts) {
        String json = String.format(Locale.ROOT, "{\"device\":\"%s\",\"site\":\"%s\",\"asset\":\"%s\",\"windowStart\":%d,"
                        + "\"windowEnd\":%d,\"retroactive\":false,\"features\":{\"vib_rms_mm_s\":{\"count\":10,\"mean\":%s,"
                        + "\"std\":0.1,\"min\":%s,\"max\":%s,\"slope\":0.0}},\"isoZone\":\"%s\",\"zScores\":{\"vib_rms_mm_s\":%s},"
                        + "\"cusum\":{\"vib_rms_mm_s\":0.0},\"baselineReady\":true,\"openAlerts\":%d}",
                device, site, asset, windowEnd - 10_000, windowEnd, rms, rms, rms, zone, z, openAlerts);
        send(new ProducerRecord<>(Topics.HEALTH, bytes(device), bytes(json)));
    }

    public void alert(Alert a) {
        send(new ProducerRecord<>(Topics.ALERTS, bytes(a.device()), AlertJson.encode(a)));
    }

    public void raw(String topic, String key, String value) {
        send(new ProducerRecord<>(topic, bytes(key), bytes(value)));
    }

    /** A critical ISO-zone alert as the stream processor raises it. */
    public static Alert critical(String device, String site, String asset, long ts, double value) {
        String condition = "iso10816_zone>=D";
        return new Alert(Alert.idOf(device, "rule", condition, ts), device, site, asset, "rule", condition,
                Alert.Severity.CRITICAL, Alert.State.OPEN, "vib_rms_mm_s", value, 7.1, ts, 1234,
                "vibration " + value + " mm/s is in ISO 10816-3 zone D");
    }

    private void send(ProducerRecord<byte[], byte[]> r) {
        try {
            producer.send(r).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        producer.close();
    }
}
