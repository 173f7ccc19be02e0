package dev.prognos.gateway.support;

import dev.prognos.core.MqttTopics;
import dev.prognos.core.telemetry.Telemetry;
import dev.prognos.core.telemetry.TelemetryJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;

/**
 * Publishes readings of {@code devices} devices, seq 1..{@code perDevice} each, round robin,
 * QoS 1, over one MQTT connection with up to {@code window} publishes awaiting their PUBACK.
 * Each reading's {@code ts} is the time it is published (epoch ms), so a reader can measure
 * MQTT → Kafka latency. Optionally paced to a rate (readings/s) so a test can act mid-stream.
 */
public final class FleetPublisher implements Runnable {

    public static final String SITE = "plant-a";
    public static final String ASSET = "centrifugal-pump";

    private final String broker;
    private final String clientId;
    private final List<String> devices;
    private final long perDevice;
    private final int window;
    private final double ratePerSecond;
    private final AtomicLong acknowledged = new AtomicLong();
    private volatile long finishedAtNanos;
    private volatile Throwable failure;

    /** @param ratePerSecond readings/s, or 0 for as fast as the window allows */
    public FleetPublisher(String broker, String clientId, List<String> devices, long perDevice, int window, double ratePerSecond) {
        this.broker = broker;
        this.clientId = clientId;
        this.devices = devices;
        this.perDevice = perDevice;
        this.window = window;
        this.ratePerSecond = ratePerSecond;
    }

    public static List<String> devices(String prefix, int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(prefix + "-" + i);
        }
        return ids;
    }

    public long total() {
        return devices.size() * perDevice;
    }

    /** Readings the broker acknowledged so far. */
    public long acknowledged() {
        return acknowledged.get();
    }

    public boolean done() {
        return finishedAtNanos != 0;
    }

    public long finishedAtNanos() {
        return finishedAtNanos;
    }

    public Throwable failure() {
        return failure;
    }

    static byte[] payload(String device, long seq, long tsMs) {
        return TelemetryJson.encode(Telemetry.of(device, SITE, ASSET, seq, tsMs,
                Map.of("vib_rms_mm_s", 2.31, "vib_kurtosis", 3.4, "bearing_temp_c", 61.2, "motor_current_a", 3.31)));
    }

    @Override
    public void run() {
        try {
            publishAll();
        } catch (Throwable t) {
            failure = t;
        } finally {
            finishedAtNanos = System.nanoTime();
        }
    }

    private void publishAll() throws MqttException, InterruptedException {
        MqttAsyncClient client = new MqttAsyncClient(broker, clientId, new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(true);
        o.setReceiveMaximum(window);
        client.connect(o).waitForCompletion(10_000);
        Semaphore free = new Semaphore(window);
        MqttActionListener release = new MqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                acknowledged.incrementAndGet();
                free.release();
            }

            @Override
            public void onFailure(IMqttToken token, Throwable error) {
                failure = error;
                free.release();
            }
        };
        long start = System.nanoTime();
        long n = 0;
        for (long seq = 1; seq <= perDevice; seq++) {
            for (String device : devices) {
                if (ratePerSecond > 0) {
                    long due = start + (long) (n * 1e9 / ratePerSecond);
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                }
                free.acquire();
                MqttMessage m = new MqttMessage(payload(device, seq, System.currentTimeMillis()));
                m.setQos(1);
                publish(client, MqttTopics.telemetry(SITE, device), m, release);
                n++;
            }
        }
        free.acquire(window); // every PUBACK in
        client.disconnect().waitForCompletion(10_000);
        client.close();
        if (failure != null) {
            throw new IllegalStateException("a publish failed", failure);
        }
    }

    private static void publish(MqttAsyncClient client, String topic, MqttMessage m, MqttActionListener release) throws MqttException {
        while (true) {
            try {
                client.publish(topic, m, null, release);
                return;
            } catch (MqttException e) {
                if (e.getReasonCode() != org.eclipse.paho.mqttv5.client.MqttClientException.REASON_CODE_MAX_INFLIGHT) {
                    throw e;
                }
                // The broker's Receive Maximum is below our window: wait for a PUBACK.
                LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(200));
            }
        }
    }
}
