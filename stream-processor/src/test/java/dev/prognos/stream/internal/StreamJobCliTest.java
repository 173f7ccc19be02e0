package dev.prognos.stream.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prognos.stream.StreamJobOptions;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class StreamJobCliTest {

    @Test
    void shouldOverrideOnlyTheGivenOptions() {
        StreamJobCli cli = new StreamJobCli();
        new CommandLine(cli).parseArgs("--kafka", "10.0.0.5:9092", "--window-ms", "30000", "--checkpoint-interval-ms", "1000",
                "--iso-classes", "fan=group1-rigid", "--state-backend", "rocksdb", "--influx-url", "http://127.0.0.1:8086",
                "--archive-dir", "file:///var/lib/prognos/archive");

        StreamJobOptions o = cli.options();

        assertThat(o.kafka()).isEqualTo("10.0.0.5:9092");
        assertThat(o.windowMs()).isEqualTo(30_000);
        assertThat(o.detectorSettings().zonesFor("fan")).isEqualTo(dev.prognos.stream.IsoVibrationZones.GROUP1_RIGID);
        assertThat(o.detectorSettings().zonesFor("pump")).isEqualTo(dev.prognos.stream.IsoVibrationZones.GROUP2_FLEXIBLE);
        assertThat(o.stateBackend()).isEqualTo("rocksdb");
        assertThat(o.influxUrl()).contains("http://127.0.0.1:8086");
        assertThat(o.archiveDir()).contains("file:///var/lib/prognos/archive");
        assertThat(o.dedupTtlMs()).isEqualTo(StreamJobOptions.DEFAULT_DEDUP_TTL_MS);
        assertThat(o.checkpointIntervalMs()).isEqualTo(1000);
        assertThat(o.clearRatio()).isEqualTo(StreamJobOptions.DEFAULT_CLEAR_RATIO);
        assertThat(o.groupId()).isEqualTo(StreamJobOptions.DEFAULT_GROUP_ID);
    }

    @Test
    void shouldNameTheOptionWhenItsValueIsWrong() {
        StreamJobCli cli = new StreamJobCli();
        new CommandLine(cli).parseArgs("--kafka", "127.0.0.1:9092", "--clear-ratio", "1.5");

        assertThatThrownBy(cli::options).hasMessage("--clear-ratio must be above 0 and below 1, got 1.5");
    }

    @Test
    void shouldExitWithTwoAndStartNothingWhenAValueIsWrong() {
        assertThat(StreamJobCli.run("--kafka", "no-port")).isEqualTo(2);
        assertThat(StreamJobCli.run("--window-ms", "abc")).isEqualTo(2);
    }

    @Test
    void shouldListEveryOptionWithItsDocInHelp() {
        String help = new CommandLine(new StreamJobCli()).getUsageMessage();

        assertThat(help).contains(StreamJobOptions.KAFKA, StreamJobOptions.GROUP_ID, StreamJobOptions.WINDOW_MS,
                StreamJobOptions.DEDUP_TTL_MS, StreamJobOptions.HOLD_MS, StreamJobOptions.MAX_OPEN_ALERTS,
                StreamJobOptions.WARMUP_WINDOWS, StreamJobOptions.Z_THRESHOLD, StreamJobOptions.MIN_SPREAD,
                StreamJobOptions.CUSUM_K, StreamJobOptions.CUSUM_H, StreamJobOptions.ISO_CLASS, StreamJobOptions.ISO_CLASSES,
                StreamJobOptions.STATE_BACKEND, StreamJobOptions.CHECKPOINT_DIR, StreamJobOptions.INFLUX_URL,
                StreamJobOptions.INFLUX_ORG, StreamJobOptions.INFLUX_BUCKET, StreamJobOptions.INFLUX_BATCH,
                StreamJobOptions.INFLUX_RETRIES, StreamJobOptions.INFLUX_TIMEOUT_MS, "PROGNOS_INFLUX_TOKEN",
                StreamJobOptions.CLEAR_RATIO, StreamJobOptions.OUT_OF_ORDERNESS_MS,
                StreamJobOptions.IDLE_TIMEOUT_MS, StreamJobOptions.CHECKPOINT_INTERVAL_MS, "--help", "PROGNOS_KAFKA");
        assertThat(StreamJobCli.run("--help")).isZero();
    }
}
