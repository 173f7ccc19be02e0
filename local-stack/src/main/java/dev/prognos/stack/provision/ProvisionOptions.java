package dev.prognos.stack.provision;

import dev.prognos.stack.provision.internal.CertificateAuthority;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * Where provisioning keeps its files and how devices reach the broker.
 *
 * @param pkiDir      {@value #PKI_DIR_DOC}
 * @param brokerHosts {@value #BROKER_HOSTS_DOC}
 * @param tlsPort     {@value #TLS_PORT_DOC}
 * @param mtlsPort    {@value #MTLS_PORT_DOC}
 */
public record ProvisionOptions(Path pkiDir, List<String> brokerHosts, int tlsPort, int mtlsPort) {

    public static final String PKI_DIR_ENV = "PROGNOS_PKI";
    public static final String PKI_DIR_DOC = "Provisioning directory: the CA, the broker's files, the account registry "
            + "and one bundle per device. Default $PROGNOS_PKI, else ~/.prognos/pki (outside the repository, so "
            + "'./prognos clean' never deletes the CA).";

    public static final String BROKER_HOSTS_DOC = "Names devices use to reach the broker: DNS names or IP addresses. "
            + "The broker certificate always covers localhost and 127.0.0.1 as well; the first name goes into the "
            + "agent configuration. Default: localhost.";
    public static final List<String> ALWAYS_IN_SERVER_CERT = List.of("localhost", "127.0.0.1");

    public static final int DEFAULT_TLS_PORT = 8883;
    public static final String TLS_PORT_DOC = "Broker port for username and password over TLS (deploy/mosquitto). Default 8883.";

    public static final int DEFAULT_MTLS_PORT = 8884;
    public static final String MTLS_PORT_DOC = "Broker port for client certificates over mutual TLS (deploy/mosquitto). Default 8884.";

    public ProvisionOptions {
        Objects.requireNonNull(pkiDir, "pkiDir");
        brokerHosts = List.copyOf(brokerHosts);
        for (String h : brokerHosts) {
            if (!CertificateAuthority.isValidHost(h)) {
                throw new IllegalArgumentException("--broker-host '" + h + "' is neither a DNS name nor an IP address");
            }
        }
        checkPort("--broker-port", tlsPort);
        checkPort("--broker-mtls-port", mtlsPort);
    }

    public static ProvisionOptions defaults() {
        return new ProvisionOptions(defaultPkiDir(), List.of(), DEFAULT_TLS_PORT, DEFAULT_MTLS_PORT);
    }

    public static Path defaultPkiDir() {
        String env = System.getenv(PKI_DIR_ENV);
        return env != null && !env.isBlank() ? Path.of(env) : Path.of(System.getProperty("user.home"), ".prognos", "pki");
    }

    public ProvisionOptions withPkiDir(Path dir) {
        return new ProvisionOptions(dir, brokerHosts, tlsPort, mtlsPort);
    }

    public ProvisionOptions withBrokerHosts(List<String> hosts) {
        return new ProvisionOptions(pkiDir, hosts, tlsPort, mtlsPort);
    }

    public ProvisionOptions withPorts(int tls, int mtls) {
        return new ProvisionOptions(pkiDir, brokerHosts, tls, mtls);
    }

    /** The host written into agent configurations. */
    public String agentBrokerHost() {
        return brokerHosts.isEmpty() ? "localhost" : brokerHosts.get(0);
    }

    /** Every name the broker certificate must cover. */
    public List<String> serverCertHosts() {
        LinkedHashSet<String> all = new LinkedHashSet<>(ALWAYS_IN_SERVER_CERT);
        all.addAll(brokerHosts);
        return new ArrayList<>(all);
    }

    private static void checkPort(String option, int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(option + " must be between 1 and 65535, got " + port);
        }
    }
}
