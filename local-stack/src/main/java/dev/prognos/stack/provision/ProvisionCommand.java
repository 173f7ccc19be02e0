package dev.prognos.stack.provision;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ./prognos provision}: credentials, ACL entries and a bundle per device, for the broker of deploy/mosquitto. */
@Command(name = "provision", mixinStandardHelpOptions = true, sortOptions = false, usageHelpWidth = 120,
        description = {
            "Creates a device's (or the gateway's) broker credentials and a bundle to copy to it, for the secured Mosquitto",
            "of deploy/mosquitto. On first use creates a local CA. See deploy/mosquitto/README.md.",
            ""},
        footerHeading = "%nExamples:%n",
        footer = {
            "  ./prognos provision --device pump-007 --site plant-a --asset centrifugal-pump --broker-host mqtt.example.org",
            "  ./prognos provision --device pump-008 --site plant-a --asset centrifugal-pump --cert",
            "  ./prognos provision --gateway --broker-host mqtt.example.org",
            "  ./prognos provision --device pump-007 --site plant-a --asset centrifugal-pump --rotate",
            "  ./prognos provision --revoke pump-007"})
public final class ProvisionCommand implements Callable<Integer> {

    @Option(names = "--device", paramLabel = "ID", description = "Device id: the MQTT username and topic level (needs --site and --asset).")
    String device;

    @Option(names = "--site", paramLabel = "SITE", description = "The device's site, as in prognos/v1/SITE/ID/telemetry.")
    String site;

    @Option(names = "--asset", paramLabel = "TYPE", description = "The device's asset type; it may read prognos/v1/models/TYPE.")
    String asset;

    @Option(names = "--gateway", description = "Provision a gateway account instead (reads every device, publishes config and models).")
    boolean gateway;

    @Option(names = "--name", paramLabel = "NAME", defaultValue = "gateway",
            description = "With --gateway: the account name; one per gateway replica (default: ${DEFAULT-VALUE}).")
    String gatewayName;

    @Option(names = "--revoke", paramLabel = "NAME", description = "Remove a device or gateway account: password entry, ACL block, bundle; its certificate goes on the CRL.")
    String revoke;

    @Option(names = "--cert", description = "Authenticate with a client certificate signed by the local CA (mutual TLS, port 8884) instead of a password.")
    boolean cert;

    @Option(names = "--rotate", description = "Replace the credentials of an account that exists (the old password stops working at the broker's next reload; an old certificate is revoked).")
    boolean rotate;

    @Option(names = "--pki", paramLabel = "DIR", description = ProvisionOptions.PKI_DIR_DOC)
    Path pki;

    @Option(names = "--broker-host", paramLabel = "HOST", split = ",", description = ProvisionOptions.BROKER_HOSTS_DOC)
    List<String> brokerHosts = new ArrayList<>();

    @Option(names = "--broker-port", paramLabel = "PORT", defaultValue = "" + ProvisionOptions.DEFAULT_TLS_PORT, description = ProvisionOptions.TLS_PORT_DOC)
    int brokerPort;

    @Option(names = "--broker-mtls-port", paramLabel = "PORT", defaultValue = "" + ProvisionOptions.DEFAULT_MTLS_PORT, description = ProvisionOptions.MTLS_PORT_DOC)
    int brokerMtlsPort;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        int modes = (device != null ? 1 : 0) + (gateway ? 1 : 0) + (revoke != null ? 1 : 0);
        if (modes != 1) {
            throw new ParameterException(spec.commandLine(), "give exactly one of --device ID, --gateway or --revoke NAME");
        }
        if (device != null && site == null) {
            throw new ParameterException(spec.commandLine(), "--site is required with --device");
        }
        if (device != null && asset == null) {
            throw new ParameterException(spec.commandLine(), "--asset is required with --device");
        }
        if (device == null && (site != null || asset != null)) {
            throw new ParameterException(spec.commandLine(), "--site and --asset go with --device only");
        }
        if (revoke != null && (cert || rotate)) {
            throw new ParameterException(spec.commandLine(), "--revoke takes no --cert or --rotate");
        }
        ProvisionOptions options = ProvisionOptions.defaults().withBrokerHosts(brokerHosts).withPorts(brokerPort, brokerMtlsPort);
        if (pki != null) {
            options = options.withPkiDir(pki);
        }
        Provisioner provisioner = new Provisioner(options);
        Account.Auth auth = cert ? Account.Auth.CERTIFICATE : Account.Auth.PASSWORD;
        PrintWriter out = spec.commandLine().getOut();
        if (revoke != null) {
            Provisioner.Result r = provisioner.revoke(revoke);
            out.println("Revoked " + r.account().role().name().toLowerCase() + " " + r.account().name() + ":");
            r.created().forEach(line -> out.println("  " + line));
            out.println();
            out.println("Next: install the broker files and reload Mosquitto (deploy/mosquitto/README.md, 'Revoke a device').");
            printInstall(out, provisioner, r.account().auth() == Account.Auth.CERTIFICATE);
            out.flush();
            return 0;
        }
        Provisioner.Result r = device != null
                ? provisioner.provisionDevice(device, site, asset, auth, rotate)
                : provisioner.provisionGateway(gatewayName, auth, rotate);
        Account a = r.account();
        out.println((rotate ? "Rotated " : "Provisioned ") + (a.role() == Account.Role.DEVICE
                ? "device " + a.name() + " (site " + a.site() + ", asset " + a.assetType() + ")"
                : "gateway account " + a.name()) + ", authenticated by " + (cert ? "client certificate" : "password") + ":");
        r.created().forEach(line -> out.println("  " + line));
        if (r.password() != null) {
            out.println("  password (shown this once; also in " + r.bundle().resolve("password") + "): " + r.password());
        }
        if (brokerHosts.isEmpty()) {
            out.println("  note: the bundle points at ssl://localhost; pass --broker-host NAME so devices reach the broker by its name.");
        }
        out.println();
        out.println("Next:");
        if (a.role() == Account.Role.DEVICE) {
            out.println("  1. copy the bundle to the device and keep it private, for example:");
            out.println("       scp -r " + r.bundle() + " pi@DEVICE:/tmp/ && ssh pi@DEVICE 'sudo install -d -m 700 /etc/prognos && sudo cp -r /tmp/"
                    + a.name() + "/. /etc/prognos/'");
        } else {
            out.println("  1. give the gateway the settings in " + r.bundle().resolve("gateway.env"));
        }
        out.println("  2. install the broker files and reload Mosquitto (deploy/mosquitto/README.md):");
        printInstall(out, provisioner, rotate && cert);
        out.flush();
        return 0;
    }

    private static void printInstall(PrintWriter out, Provisioner p, boolean restart) {
        out.println("       sudo install -o mosquitto -g mosquitto -m 600 -D -t /etc/mosquitto/prognos " + p.brokerDir() + "/*");
        out.println("       sudo systemctl " + (restart ? "restart" : "reload") + " mosquitto"
                + (restart ? "   # restart: Mosquitto reads the CRL only at start" : ""));
    }
}
