package dev.prognos.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.prognos.core.alert.AlertAck;
import dev.prognos.core.telemetry.Telemetry;
import dev.prognos.stack.LocalInflux;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The job's health points in a real InfluxDB (Debian's 1.6 behind nginx's /api/v2/write mapping). */
class InfluxHealthSinkIT {

    private static final long T0 = 1_795_414_320_000L;
    private static final String DB = "prognos";

    @TempDir
    static Path dir;
    static LocalInflux influx;

    @BeforeAll
    static void startInflux() throws Exception {
        influx = LocalInflux.start(dir.resolve("influx"), DB);
    }

    @AfterAll
    static void stopInflux() {
        if (influx != null) {
            influx.close();
        }
    }

    @Test
    void shouldWriteOnePointPerDeviceAndWindowWithTheFeatures() throws Exception {
        StreamJobOptions options = StreamJobOptions.builder().influxUrl(influx.url()).influxBucket(DB).influxBatchSize(7).build();
        run(options);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            String answer = influx.query(DB, "SELECT count(vib_rms_mm_s_mean) FROM device_health GROUP BY device");
            assertThat(answer).contains("\"device\":\"pump-001\"", "\"device\":\"pump-002\"").contains("[\"1970-01-01T00:00:00Z\",6]");
        });
        String d2 = influx.query(DB, "SELECT vib_rms_mm_s_mean, vib_rms_mm_s_slope, zone FROM device_health "
                + "WHERE device = 'pump-002' AND time = " + (T0 + 60_000) + "ms");
        // pump-002, window [50 s, 60 s): 9 mm/s steady, zone D.
        assertThat(d2).contains("9", "\"D\"");
    }

    @Test
    void shouldCountAndDropPointsWithoutStoppingTheJobWhenInfluxIsUnreachable() throws Exception {
        StreamJobOptions options = StreamJobOptions.builder().influxUrl("http://127.0.0.1:9").influxRetries(1)
                .influxTimeoutMs(300).build();
        // The job ends (bounded input) rather than failing or hanging.
        run(options);
    }

    private static void run(StreamJobOptions options) throws Exception {
        List<Telemetry> readings = new ArrayList<>();
        for (int s = 0; s < 60; s++) {
            readings.add(Telemetry.of("pump-001", "plant-a", "centrifugal-pump", s + 1, T0 + s * 1000L, Map.of("vib_rms_mm_s", 2.0)));
            readings.add(Telemetry.of("pump-002", "plant-a", "centrifugal-pump", s + 1, T0 + s * 1000L,
                    Map.of("vib_rms_mm_s", s < 50 ? 3.0 : 9.0)));
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1);
        List<AlertAck> acks = List.of(new AlertAck("none", "pump-001", AlertAck.Action.ACKNOWLEDGE, "ana", T0, null));
        new TelemetryAlertJob(TelemetryAlertJobTest.connectors(readings, acks, List.of()), options).execute(env);
    }
}
