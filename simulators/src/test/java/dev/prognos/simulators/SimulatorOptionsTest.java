package dev.prognos.simulators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

class SimulatorOptionsTest {

    /** Options as the command line gives them. */
    static SimulatorOptions parse(String... args) {
        SimulateCommand command = new SimulateCommand();
        new CommandLine(command).parseArgs(args);
        return command.options();
    }

    @Test
    void shouldUseDefaultsWhenNothingIsGiven() {
        SimulatorOptions o = SimulatorOptions.builder().broker("tcp://127.0.0.1:1883").build();
        assertThat(o.devices()).isEqualTo(20);
        assertThat(o.site()).isEqualTo("plant-a");
        assertThat(o.rateHz()).isEqualTo(1.0);
        assertThat(o.periodMillis()).isEqualTo(1000);
        assertThat(o.seed()).isEqualTo(42);
        assertThat(o.failureMin()).isEqualTo(Duration.ofSeconds(45));
        assertThat(o.failureMax()).isEqualTo(Duration.ofMinutes(10));
        assertThat(o.duration()).isEmpty();
        assertThat(o.readings()).isEmpty();
        assertThat(o.groundTruth()).isEmpty();
        assertThat(o.speed()).isEqualTo(1.0);
        assertThat(o.mode()).isEqualTo(SimulatorOptions.Mode.AGENTS);
        assertThat(o.dataDir()).isEqualTo(Path.of(".prognos", "simulate"));
    }

    @ParameterizedTest(name = "env {0} -> {1}")
    @CsvSource(value = {"NULL, tcp://127.0.0.1:1883", "'', tcp://127.0.0.1:1883", "' tcp://broker:1884 ', tcp://broker:1884"}, nullValues = "NULL")
    void shouldTakeDefaultBrokerFromEnvironmentWhenSet(String env, String expected) {
        assertThat(SimulatorOptions.defaultBroker(env)).isEqualTo(expected);
    }

    @Test
    void shouldTakeEveryOptionFromTheCommandLine() {
        SimulatorOptions o = parse("--devices", "5", "--broker", "ssl://mqtt.example.org:8883", "--site", "plant-b",
                "--rate-hz", "2.5", "--seed", "-7", "--failure-min", "2m", "--failure-max", "1h30m",
                "--duration", "PT90S", "--readings", "100", "--ground-truth", "out/truth.csv", "--mode", "DIRECT",
                "--speed", "4320", "--data-dir", "/var/lib/sim");
        assertThat(o.devices()).isEqualTo(5);
        assertThat(o.broker()).isEqualTo("ssl://mqtt.example.org:8883");
        assertThat(o.site()).isEqualTo("plant-b");
        assertThat(o.rateHz()).isEqualTo(2.5);
        assertThat(o.periodMillis()).isEqualTo(400);
        assertThat(o.seed()).isEqualTo(-7);
        assertThat(o.failureMin()).isEqualTo(Duration.ofMinutes(2));
        assertThat(o.failureMax()).isEqualTo(Duration.ofMinutes(90));
        assertThat(o.duration()).contains(Duration.ofSeconds(90));
        assertThat(o.readings()).contains(100L);
        assertThat(o.groundTruth()).contains(Path.of("out/truth.csv"));
        assertThat(o.mode()).isEqualTo(SimulatorOptions.Mode.DIRECT);
        assertThat(o.speed()).isEqualTo(4320.0);
        assertThat(o.dataDir()).isEqualTo(Path.of("/var/lib/sim"));
    }

    @Test
    void shouldRefuseReadingsAndHighRatesForAgents() {
        assertThatThrownBy(() -> parse("--readings", "10")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--readings works in --mode direct only (agents run until stopped)");
        assertThatThrownBy(() -> parse("--rate-hz", "20")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--rate-hz must be at most 10 in --mode agents");
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
            "--devices     | 0                  | --devices must be between 1 and 100000, got 0",
            "--devices     | 100001             | --devices must be between 1 and 100000",
            "--broker      | 127.0.0.1:1883     | --broker must start with one of [ssl://, tcp://, ws://, wss://]",
            "--broker      | http://host:1883   | --broker must start with one of",
            "--broker      | tcp://host         | --broker must name a host and a port",
            "--broker      | tcp://bad host:1   | --broker is not a URI",
            "--site        | plant/a            | --site must match",
            "--site        | ''                 | --site must match",
            "--rate-hz     | 0                  | --rate-hz must be above 0 and at most 100.0, got 0.0",
            "--rate-hz     | 101                | --rate-hz must be above 0",
            "--rate-hz     | NaN                | --rate-hz must be above 0",
            "--failure-min | 500ms              | --failure-min must be at least 1s",
            "--failure-max | 30s                | --failure-max must not be below --failure-min PT45S, got PT30S",
            "--duration    | 0s                 | --duration must be above zero",
            "--readings    | 0                  | --readings must be at least 1, got 0",
            "--speed       | 0.5                | --speed must be between 1 and 10000000, got 0.5",
            "--speed       | Infinity           | --speed must be between 1 and 10000000",
    })
    void shouldRefuseInvalidValueNamingTheOption(String option, String value, String message) {
        assertThatThrownBy(() -> parse(option, value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(message);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"--devices, many", "--failure-min, soon", "--duration, 10 minutes", "--seed, 1.5", "--mode, swarm"})
    void shouldRefuseUnparsableValueNamingTheOption(String option, String value) {
        assertThatThrownBy(() -> parse(option, value))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining(option);
    }

    @Test
    void shouldExitWithTwoAndNoStackTraceWhenAnOptionIsInvalid() {
        assertThat(SimulateCommand.run("--devices", "0")).isEqualTo(2);
        assertThat(SimulateCommand.run("--rate-hz", "fast")).isEqualTo(2);
    }

    @Test
    void shouldPrintHelpAndExitWithZeroWhenAskedForHelp() {
        assertThat(SimulateCommand.run("--help")).isZero();
    }
}
