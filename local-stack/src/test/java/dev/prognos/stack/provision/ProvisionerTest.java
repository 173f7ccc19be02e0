package dev.prognos.stack.provision;

import dev.prognos.edge.AgentOptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prognos.stack.provision.internal.CertificateAuthority;
import dev.prognos.stack.provision.internal.MosquittoPassword;
import java.io.StringReader;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProvisionerTest {

    @TempDir
    Path pki;

    private Provisioner provisioner(String... hosts) {
        return new Provisioner(ProvisionOptions.defaults().withPkiDir(pki).withBrokerHosts(List.of(hosts)));
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    private static String passwdHash(Path passwd, String user) throws Exception {
        return Files.readAllLines(passwd).stream().filter(l -> l.startsWith(user + ":")).map(l -> l.substring(user.length() + 1))
                .findFirst().orElse(null);
    }

    @Nested
    class FirstDevice {

        @Test
        void shouldCreateTheCaWithAPrivateKeyAndATenYearSelfSignedCertificate() throws Exception {
            provisioner().provisionDevice("pump-007", "plant-a", "centrifugal-pump", Account.Auth.PASSWORD, false);

            assertThat(mode(pki.resolve("ca/ca.key"))).isEqualTo("rw-------");
            X509Certificate ca = CertificateAuthority.readCertificate(pki.resolve("ca/ca.crt"));
            ca.verify(ca.getPublicKey());
            assertThat(ca.getBasicConstraints()).isGreaterThanOrEqualTo(0);
            assertThat(Duration.between(ca.getNotBefore().toInstant(), ca.getNotAfter().toInstant()).toDays()).isBetween(3650L, 3651L);
            assertThat(ca.getPublicKey().getAlgorithm()).isEqualTo("EC");
        }

        @Test
        void shouldWriteABundleWhosePasswordMatchesTheBrokersHashAndIsPrivate() throws Exception {
            Provisioner.Result r = provisioner().provisionDevice("pump-007", "plant-a", "centrifugal-pump", Account.Auth.PASSWORD, false);

            Path bundle = pki.resolve("devices/pump-007");
            assertThat(r.bundle()).isEqualTo(bundle);
            String password = Files.readString(bundle.resolve("password")).strip();
            assertThat(password).isEqualTo(r.password()).hasSize(22);
            assertThat(mode(bundle.resolve("password"))).isEqualTo("rw-------");
            assertThat(mode(pki.resolve("broker/passwd"))).isEqualTo("rw-------");
            assertThat(MosquittoPassword.matches(passwdHash(pki.resolve("broker/passwd"), "pump-007"), password)).isTrue();
            assertThat(Files.readString(pki.resolve("broker/acl"))).contains("user pump-007\n",
                    "topic write prognos/v1/plant-a/pump-007/telemetry\n");
            // The password lives only in the bundle: not in the registry nor in the broker's files.
            try (var files = Files.walk(pki)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    if (!f.equals(bundle.resolve("password"))) {
                        assertThat(Files.readString(f)).as(f.toString()).doesNotContain(password);
                    }
                }
            }
        }

        @Test
        void shouldWriteAnAgentConfigTheAgentLoadsWhenTheDeviceHasAPassword() throws Exception {
            provisioner("mqtt.example.org").provisionDevice("pump-007", "plant-a", "centrifugal-pump", Account.Auth.PASSWORD, false);
            Path bundle = pki.resolve("devices/pump-007");

            AgentOptions options = AgentOptions.load(bundle.resolve("agent.yaml"), Map.of());
            options.checkFilesReadable();

            assertThat(options.deviceId()).isEqualTo("pump-007");
            assertThat(options.site()).isEqualTo("plant-a");
            assertThat(options.assetType()).isEqualTo("centrifugal-pump");
            assertThat(options.brokerUrl()).hasToString("ssl://mqtt.example.org:8883");
            assertThat(options.credentialsFile()).contains(bundle.resolve("password"));
            assertThat(options.tls().ca()).contains(bundle.resolve("ca.crt"));
            assertThat(options.tls().cert()).isEmpty();
            assertThat(Files.readString(bundle.resolve("ca.crt"))).isEqualTo(Files.readString(pki.resolve("ca/ca.crt")));
        }

        @Test
        void shouldWriteAnAgentConfigTheAgentLoadsWhenTheDeviceHasACertificate() throws Exception {
            provisioner("mqtt.example.org").provisionDevice("pump-008", "plant-a", "centrifugal-pump", Account.Auth.CERTIFICATE, false);
            Path bundle = pki.resolve("devices/pump-008");

            AgentOptions options = AgentOptions.load(bundle.resolve("agent.yaml"), Map.of());
            options.checkFilesReadable();

            assertThat(options.tls().cert()).contains(bundle.resolve("client.crt"));
            assertThat(options.tls().key()).contains(bundle.resolve("client.key"));
            assertThat(options.credentialsFile()).isEmpty();
        }

        @Test
        void shouldIssueABrokerCertificateForLocalhostAndEveryBrokerHost() throws Exception {
            provisioner("mqtt.example.org", "10.0.0.5").provisionDevice("pump-007", "plant-a", "pump", Account.Auth.PASSWORD, false);

            X509Certificate server = CertificateAuthority.readCertificate(pki.resolve("broker/server.crt"));
            server.verify(CertificateAuthority.readCertificate(pki.resolve("ca/ca.crt")).getPublicKey());
            assertThat(server.getSubjectAlternativeNames()).extracting(san -> (Object) String.valueOf(san.get(1)))
                    .containsExactlyInAnyOrder((Object[]) new String[] {"localhost", "127.0.0.1", "mqtt.example.org", "10.0.0.5"});
            assertThat(server.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
            assertThat(mode(pki.resolve("broker/server.key"))).isEqualTo("rw-------");
        }
    }

    @Nested
    class Certificates {

        @Test
        void shouldIssueAClientCertificateWhoseCommonNameIsTheDeviceId() throws Exception {
            provisioner().provisionDevice("pump-008", "plant-a", "pump", Account.Auth.CERTIFICATE, false);

            Path bundle = pki.resolve("devices/pump-008");
            X509Certificate cert = CertificateAuthority.readCertificate(bundle.resolve("client.crt"));
            cert.verify(CertificateAuthority.readCertificate(pki.resolve("ca/ca.crt")).getPublicKey());
            assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=pump-008,O=Prognos");
            assertThat(cert.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
            assertThat(CertificateAuthority.readKey(bundle.resolve("client.key")).getAlgorithm()).isEqualTo("EC");
            assertThat(mode(bundle.resolve("client.key"))).isEqualTo("rw-------");
            assertThat(bundle.resolve("password")).doesNotExist();
            assertThat(Files.readString(pki.resolve("broker/passwd"))).doesNotContain("pump-008");
            assertThat(Files.readString(bundle.resolve("agent.yaml"))).contains("ssl://localhost:8884", "cert: \"client.crt\"", "key: \"client.key\"");
        }

        @Test
        void shouldRevokeTheOldCertificateWhenRotating() throws Exception {
            Provisioner p = provisioner();
            BigInteger first = p.provisionDevice("pump-008", "plant-a", "pump", Account.Auth.CERTIFICATE, false).account().certSerial();
            assertThat(crl().getRevokedCertificates()).isNull();

            BigInteger second = p.provisionDevice("pump-008", "plant-a", "pump", Account.Auth.CERTIFICATE, true).account().certSerial();

            assertThat(second).isNotEqualTo(first);
            assertThat(crl().getRevokedCertificate(first)).isNotNull();
            assertThat(crl().getRevokedCertificate(second)).isNull();
            assertThat(CertificateAuthority.readCertificate(pki.resolve("devices/pump-008/client.crt")).getSerialNumber()).isEqualTo(second);
        }

        private X509CRL crl() throws Exception {
            try (var in = Files.newInputStream(pki.resolve("broker/crl.pem"))) {
                X509CRL crl = (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(in);
                crl.verify(CertificateAuthority.readCertificate(pki.resolve("ca/ca.crt")).getPublicKey());
                assertThat(crl.getNextUpdate()).isNull();
                return crl;
            }
        }
    }

    @Nested
    class Refusals {

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', value = {
            "--device|pump 7|plant-a|pump",
            "--device|-pump|plant-a|pump",
            "--device|pump/7|plant-a|pump",
            "--site|pump-7|plant+a|pump",
            "--site|pump-7|#|pump",
            "--asset|pump-7|plant-a|centrifugal pump",
        })
        void shouldRefuseIdsThatAreNotTopicLevelsAndNameTheOption(String option, String id, String site, String asset) {
            assertThatThrownBy(() -> provisioner().provisionDevice(id, site, asset, Account.Auth.PASSWORD, false))
                    .isInstanceOf(ProvisionException.class).hasMessageStartingWith(option + " '").hasMessageContaining("must match");
            assertThat(pki.resolve("accounts")).doesNotExist();
        }

        @Test
        void shouldRefuseToProvisionADeviceTwiceWithoutRotate() throws Exception {
            Provisioner p = provisioner();
            String password = p.provisionDevice("pump-007", "plant-a", "pump", Account.Auth.PASSWORD, false).password();

            assertThatThrownBy(() -> p.provisionDevice("pump-007", "plant-a", "pump", Account.Auth.PASSWORD, false))
                    .isInstanceOf(ProvisionException.class).hasMessageContaining("already provisioned").hasMessageContaining("--rotate");
            assertThat(Files.readString(pki.resolve("devices/pump-007/password")).strip()).isEqualTo(password);
        }

        @Test
        void shouldRefuseToRotateADeviceThatDoesNotExist() {
            assertThatThrownBy(() -> provisioner().provisionDevice("pump-007", "plant-a", "pump", Account.Auth.PASSWORD, true))
                    .isInstanceOf(ProvisionException.class).hasMessageStartingWith("--rotate: ");
        }

        @Test
        void shouldRefuseADeviceIdThatIsAlreadyTheGatewaysName() {
            provisioner().provisionGateway("gateway", Account.Auth.PASSWORD, false);

            assertThatThrownBy(() -> provisioner().provisionDevice("gateway", "plant-a", "pump", Account.Auth.PASSWORD, true))
                    .isInstanceOf(ProvisionException.class).hasMessageContaining("already a gateway account");
        }
    }

    @Nested
    class RotationAndRevocation {

        @Test
        void shouldReplaceThePasswordWhenRotating() throws Exception {
            Provisioner p = provisioner();
            String old = p.provisionDevice("pump-007", "plant-a", "pump", Account.Auth.PASSWORD, false).password();

            String fresh = p.provisionDevice("pump-007", "plant-a", "pump", Account.Auth.PASSWORD, true).password();

            String hash = passwdHash(pki.resolve("broker/passwd"), "pump-007");
            assertThat(MosquittoPassword.matches(hash, fresh)).isTrue();
            assertThat(MosquittoPassword.matches(hash, old)).isFalse();
            assertThat(Files.readAllLines(pki.resolve("broker/passwd"))).hasSize(1);
        }

        @Test
        void shouldRemoveARevokedDeviceFromPasswordFileAclAndDisk() throws Exception {
            Provisioner p = provisioner();
            p.provisionDevice("pump-1", "plant-a", "pump", Account.Auth.PASSWORD, false);
            p.provisionDevice("pump-2", "plant-a", "pump", Account.Auth.PASSWORD, false);

            p.revoke("pump-1");

            assertThat(Files.readString(pki.resolve("broker/passwd"))).doesNotContain("pump-1:").contains("pump-2:");
            assertThat(Files.readString(pki.resolve("broker/acl"))).doesNotContain("pump-1").contains("user pump-2");
            assertThat(pki.resolve("devices/pump-1")).doesNotExist();
            assertThat(p.accounts()).extracting(Account::name).containsExactly("pump-2");
            assertThatThrownBy(() -> p.revoke("pump-1")).isInstanceOf(ProvisionException.class).hasMessageStartingWith("--revoke: ");
        }

        @Test
        void shouldKeepTheBrokerCertificateUntilANewHostIsAsked() throws Exception {
            provisioner("a.example").provisionDevice("pump-1", "plant-a", "pump", Account.Auth.PASSWORD, false);
            BigInteger first = CertificateAuthority.readCertificate(pki.resolve("broker/server.crt")).getSerialNumber();

            provisioner().provisionDevice("pump-2", "plant-a", "pump", Account.Auth.PASSWORD, false);
            assertThat(CertificateAuthority.readCertificate(pki.resolve("broker/server.crt")).getSerialNumber()).isEqualTo(first);

            provisioner("b.example").provisionDevice("pump-3", "plant-a", "pump", Account.Auth.PASSWORD, false);
            X509Certificate reissued = CertificateAuthority.readCertificate(pki.resolve("broker/server.crt"));
            assertThat(reissued.getSerialNumber()).isNotEqualTo(first);
            assertThat(reissued.getSubjectAlternativeNames()).extracting(san -> (Object) String.valueOf(san.get(1))).contains((Object[]) new String[] {"a.example", "b.example"});
        }
    }

    @Test
    void shouldWriteTheGatewaysSettingsWithAbsolutePathsIntoItsBundle() throws Exception {
        provisioner("mqtt.example.org").provisionGateway("gateway", Account.Auth.PASSWORD, false);

        Properties env = new Properties();
        env.load(new StringReader(Files.readString(pki.resolve("gateways/gateway/gateway.env"))));
        assertThat(env.getProperty("PROGNOS_MQTT_BROKER")).isEqualTo("ssl://mqtt.example.org:8883");
        assertThat(env.getProperty("PROGNOS_MQTT_USERNAME")).isEqualTo("gateway");
        assertThat(Path.of(env.getProperty("PROGNOS_MQTT_PASSWORD_FILE"))).exists().isAbsolute();
        assertThat(Files.readString(pki.resolve("broker/acl"))).contains("user gateway\n", "topic read prognos/v1/+/+/telemetry\n");
    }
}
