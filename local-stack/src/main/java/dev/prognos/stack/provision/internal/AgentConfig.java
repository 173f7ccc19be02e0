package dev.prognos.stack.provision.internal;

import dev.prognos.stack.provision.Account;

/**
 * The edge agent's configuration file for one device, in the layout edge-agent's AgentOptions
 * reads (a test loads it with AgentOptions), and the gateway's account file.
 */
public final class AgentConfig {

    public static final String FILE = "agent.yaml";
    public static final String PASSWORD_FILE = "password";
    public static final String CA_FILE = "ca.crt";
    public static final String CERT_FILE = "client.crt";
    public static final String KEY_FILE = "client.key";
    public static final String GATEWAY_FILE = "gateway.env";

    private AgentConfig() {
    }

    /**
     * Every value is double-quoted: ids such as {@code 0x10}, {@code no} or {@code 1e3} would
     * otherwise be read by YAML as numbers or booleans. Ids and host names never contain a quote.
     */
    public static String yaml(Account device, String brokerUrl) {
        boolean cert = device.auth() == Account.Auth.CERTIFICATE;
        return "# Prognos edge agent configuration for device " + device.name() + ", written by ./prognos provision.\n"
                + "# Copy this whole folder to the device (for example to /etc/prognos/) and keep it private:\n"
                + "# it holds the device's " + (cert ? "private key" : "password") + ". Relative paths are resolved\n"
                + "# against the folder of this file.\n"
                + "device:\n"
                + "  id: \"" + device.name() + "\"\n"
                + "  site: \"" + device.site() + "\"\n"
                + "  asset-type: \"" + device.assetType() + "\"\n"
                + "broker:\n"
                + "  url: \"" + brokerUrl + "\"\n"
                + "  tls:\n"
                + "    ca: \"" + CA_FILE + "\"   # the local CA that signed the broker's certificate\n"
                + (cert
                    ? "    # Mutual TLS: the broker takes the username from the certificate (CN = device id).\n"
                      + "    cert: \"" + CERT_FILE + "\"\n"
                      + "    key: \"" + KEY_FILE + "\"   # PKCS#8 PEM, EC P-256, mode 600\n"
                    : "  # The password alone (the username is the device id); mode 600, the broker keeps only its hash.\n"
                      + "  credentials-file: \"" + PASSWORD_FILE + "\"\n")
                + "# Sensors this device reads: none yet. Add one entry per sensor (driver, bus, address,\n"
                + "# reading name with its unit, sample rate): see hardware/README.md.\n"
                + "sensors: []\n";
    }

    /** The gateway's account as environment variables (PROGNOS_MQTT_*), absolute paths into its bundle. */
    public static String gatewayEnv(Account gateway, String brokerUrl, java.nio.file.Path bundle) {
        boolean cert = gateway.auth() == Account.Auth.CERTIFICATE;
        return "# MQTT account of the Prognos gateway '" + gateway.name() + "', written by ./prognos provision.\n"
                + "# Each gateway replica needs its own account: the broker sets the client id to the username.\n"
                + "PROGNOS_MQTT_BROKER=" + brokerUrl + "\n"
                + (cert ? "" : "PROGNOS_MQTT_USERNAME=" + gateway.name() + "\n"
                        + "PROGNOS_MQTT_PASSWORD_FILE=" + bundle.resolve(PASSWORD_FILE).toAbsolutePath() + "\n")
                + "PROGNOS_MQTT_TLS_CA=" + bundle.resolve(CA_FILE).toAbsolutePath() + "\n"
                + (cert ? "PROGNOS_MQTT_TLS_CERT=" + bundle.resolve(CERT_FILE).toAbsolutePath() + "\n"
                        + "PROGNOS_MQTT_TLS_KEY=" + bundle.resolve(KEY_FILE).toAbsolutePath() + "\n" : "");
    }
}
