package dev.prognos.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent over mutual TLS to real Mosquitto: certificates made by Debian's openssl (EC P-256,
 * PKCS#8 keys as ./prognos provision writes them), a listener that requires a client certificate
 * signed by the CA. Only the device with its certificate and the right CA gets through.
 */
class AgentTlsIT {

    private static final String SITE = "plant-it";
    private static final String DEVICE = "pump-tls";

    @TempDir
    Path dir;

    @Test
    void shouldPublishOverMutualTlsAndRefuseAWrongCaOrAMissingClientCertificate() throws Exception {
        Path pki = Files.createDirectories(dir.resolve("pki"));
        ca(pki, "ca");
        ca(pki, "other-ca");
        signed(pki, "ca", "server", "localhost", "subjectAltName=DNS:localhost,IP:127.0.0.1");
        signed(pki, "ca", "client", DEVICE, "extendedKeyUsage=clientAuth");
        try (TestBroker broker = new TestBroker(dir.resolve("broker"),
                new Path[] {pki.resolve("ca.crt"), pki.resolve("server.crt"), pki.resolve("server.key")}).start();
             Received received = new Received(broker.uri(), SITE, DEVICE)) {

            // A CA that did not sign the broker's certificate: the handshake fails, nothing leaves the outbox.
            Agent wrongCa = start(broker, "wrong-ca", "tls: {ca: pki/other-ca.crt, cert: pki/client.crt, key: pki/client.key}");
            // No client certificate: the broker requires one.
            Agent noCert = start(broker, "no-cert", "tls: {ca: pki/ca.crt}");
            Agent good = start(broker, "good", "tls: {ca: pki/ca.crt, cert: pki/client.crt, key: pki/client.key}");
            try {
                await("the agent with its certificate connects and delivers").atMost(Duration.ofSeconds(60))
                        .until(() -> good.connected() && received.distinct() >= 20);
                await("birth over TLS").atMost(Duration.ofSeconds(30)).until(() -> !received.statuses().isEmpty());
                assertThat(wrongCa.connected()).isFalse();
                assertThat(noCert.connected()).isFalse();
                assertThat(wrongCa.outboxStats().depth()).as("readings kept for when TLS is fixed").isPositive();
                assertThat(noCert.outboxStats().depth()).isPositive();
            } finally {
                good.close(); // drains its outbox over TLS
                wrongCa.close();
                noCert.close();
            }
            long lastSeq = good.outboxStats().lastSeq();
            assertThat(good.outboxStats().depth()).as("drained over TLS on stop").isZero();
            await().atMost(Duration.ofSeconds(30)).until(() -> received.distinct() >= lastSeq);
            received.assertComplete(DEVICE, lastSeq);
        }
    }

    /** An agent whose device id is DEVICE (the certificate's CN) but with its own outbox. */
    private Agent start(TestBroker broker, String name, String tls) throws IOException {
        Path config = dir.resolve(name + ".yaml");
        Files.writeString(config, String.join("\n",
                "device: {id: " + DEVICE + ", site: " + SITE + ", asset-type: centrifugal-pump}",
                "broker: {url: \"" + broker.tlsUri() + "\", " + tls + "}",
                "sensors: [{type: bme280, address: 0x76, rate-hz: 20}]",
                ""));
        AgentOptions options = AgentOptions.load(config, Map.of()).checkFilesReadable();
        Outbox outbox = Outbox.open(dir.resolve(name).resolve("outbox.db"), options.outbox().maxBytes(), options.outbox().policy());
        Agent agent = new Agent(options, outbox, SensorSources.synthetic(options), new Agent.Runtime(60_000, 2_000, 100, 400));
        agent.start();
        return agent;
    }

    private static void ca(Path pki, String name) throws Exception {
        openssl(pki, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", name + ".key", "-out", name + ".crt", "-days", "2", "-subj", "/CN=" + name);
    }

    private static void signed(Path pki, String ca, String name, String cn, String extension) throws Exception {
        Files.writeString(pki.resolve(name + ".ext"), extension + "\n");
        openssl(pki, "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", name + ".key", "-out", name + ".csr", "-subj", "/CN=" + cn);
        openssl(pki, "x509", "-req", "-in", name + ".csr", "-CA", ca + ".crt", "-CAkey", ca + ".key",
                "-CAcreateserial", "-out", name + ".crt", "-days", "2", "-extfile", name + ".ext");
    }

    private static void openssl(Path dir, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("%s: %s", cmd, out).isZero();
    }
}
