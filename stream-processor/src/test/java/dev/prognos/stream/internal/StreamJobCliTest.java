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
        new CommandLine(cli).parseArgs("--kafka", "10.0.0.5:9092", "--threshold", "11", "--checkpoint-interval-ms", "1000");

        StreamJobOptions o = cli.options();

        assertThat(o.kafka()).isEqualTo("10.0.0.5:9092");
        assertThat(o.threshold()).isEqualTo(11.0);
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
        assertThat(StreamJobCli.run("--threshold", "abc")).isEqualTo(2);
    }

    @Test
    void shouldListEveryOptionWithItsDocInHelp() {
        String help = new CommandLine(new StreamJobCli()).getUsageMessage();

        assertThat(help).contains(StreamJobOptions.KAFKA, StreamJobOptions.GROUP_ID, StreamJobOptions.READING,
                StreamJobOptions.THRESHOLD, StreamJobOptions.CLEAR_RATIO, StreamJobOptions.OUT_OF_ORDERNESS_MS,
                StreamJobOptions.IDLE_TIMEOUT_MS, StreamJobOptions.CHECKPOINT_INTERVAL_MS, "--help", "PROGNOS_KAFKA");
        assertThat(StreamJobCli.run("--help")).isZero();
    }
}
