package dev.prognos.stack.provision;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

class ProvisionCommandTest {

    @TempDir
    Path pki;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = new CommandLine(new ProvisionCommand());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void shouldPrintWhatItCreatedThePasswordOnceAndTheNextStep() {
        int code = run("--device", "pump-007", "--site", "plant-a", "--asset", "centrifugal-pump", "--pki", pki.toString(),
                "--broker-host", "mqtt.example.org");

        assertThat(code).isZero();
        String printed = out.toString();
        assertThat(printed).contains("Provisioned device pump-007 (site plant-a, asset centrifugal-pump)", "local CA",
                pki.resolve("devices/pump-007").toString(), "copy the bundle to the device", "systemctl reload mosquitto");
        String password = printed.replaceAll("(?s).*password \\(shown this once[^)]*\\): (\\S+).*", "$1");
        assertThat(password).matches("[A-Za-z0-9_-]{22}");
        assertThat(printed.split(java.util.regex.Pattern.quote(password), -1)).hasSize(2);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "--device pump-1 --asset pump|--site is required with --device",
        "--device pump-1 --site plant-a|--asset is required with --device",
        "--gateway --site plant-a|--site and --asset go with --device only",
        "--device pump-1 --gateway --site a --asset b|exactly one of --device ID, --gateway or --revoke NAME",
        "''|exactly one of --device ID, --gateway or --revoke NAME",
        "--revoke pump-1 --rotate|--revoke takes no --cert or --rotate",
    })
    void shouldRefuseInconsistentOptionsNamingTheOption(String args, String message) {
        String[] argv = args.isEmpty() ? new String[0] : args.split(" ");
        String[] withPki = java.util.stream.Stream.concat(java.util.Arrays.stream(argv), java.util.stream.Stream.of("--pki", pki.toString()))
                .toArray(String[]::new);

        assertThat(run(withPki)).isEqualTo(2);
        assertThat(err.toString()).contains(message);
    }

    @Test
    void shouldShowHelp() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("--device", "--site", "--asset", "--cert", "--rotate", "--pki", "--broker-host", "--gateway", "--revoke");
    }
}
