package dev.prognos.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The deploy command's arguments, without Kafka (DeployModelIT publishes for real). */
class DeployCliTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return DeployCli.run(args, new PrintStream(out, true), new PrintStream(err, true));
    }

    @Test
    void shouldPrintHelpWithoutTheRequiredOptions() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Usage: deploy-model").contains("--registry=DIR")
                .contains("--version=V").contains("--kafka=HOST:PORT");
    }

    @Test
    void shouldNameTheMissingKafkaAddress(@TempDir Path registry) {
        assertThat(run("--registry", registry.toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--kafka");
    }

    @Test
    void shouldAskForTheAssetWhenTheRegistryHoldsSeveral(@TempDir Path registry) throws Exception {
        Files.createDirectories(registry.resolve("turbofan/1"));
        Files.createDirectories(registry.resolve("centrifugal-pump/1"));
        assertThat(run("--registry", registry.toString(), "--kafka", "127.0.0.1:1")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("asset types [centrifugal-pump, turbofan]")
                .contains("--asset");
    }

    @Test
    void shouldSayWhenAnAssetHasNoModel(@TempDir Path registry) throws Exception {
        Files.createDirectories(registry.resolve("turbofan"));
        assertThat(run("--registry", registry.toString(), "--kafka", "127.0.0.1:1")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("has no model for asset type 'turbofan'");
    }
}
