package dev.prognos.stack.provision;

import dev.prognos.core.telemetry.TelemetryJson;
import dev.prognos.stack.provision.internal.AccountRegistry;
import dev.prognos.stack.provision.internal.AgentConfig;
import dev.prognos.stack.provision.internal.BrokerFiles;
import dev.prognos.stack.provision.internal.CertificateAuthority;
import dev.prognos.stack.provision.internal.MosquittoPassword;
import dev.prognos.stack.provision.internal.SecureFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Device identity for the secured broker of deploy/mosquitto: a local CA made on first use, the
 * broker's certificate, and per account a credential (random password or client certificate),
 * its ACL block, and a bundle to copy to the device.
 *
 * <p>Layout of the provisioning directory:
 * <pre>
 * ca/        ca.key (600), ca.crt, revoked.txt          stays on this machine
 * broker/    ca.crt server.crt server.key passwd acl crl.pem   copy to /etc/mosquitto/prognos/
 * accounts/  NAME.properties                             the registry the broker files are rendered from
 * devices/ID/   agent.yaml ca.crt password | client.crt client.key    copy to the device
 * gateways/NAME/ gateway.env ca.crt password | client.crt client.key
 * </pre>
 */
public final class Provisioner {

    /** What one call created, for the command to print. */
    public record Result(Account account, Path bundle, String password, List<String> created) {
    }

    private final ProvisionOptions options;
    private final SecureRandom random;
    private final Clock clock;
    private final AccountRegistry registry;

    public Provisioner(ProvisionOptions options) {
        this(options, new SecureRandom(), Clock.systemUTC());
    }

    public Provisioner(ProvisionOptions options, SecureRandom random, Clock clock) {
        this.options = options;
        this.random = random;
        this.clock = clock;
        this.registry = new AccountRegistry(options.pkiDir().resolve("accounts"));
    }

    public Path pkiDir() {
        return options.pkiDir();
    }

    /** Files to install on the broker (deploy/mosquitto/mosquitto.conf reads them from /etc/mosquitto/prognos/). */
    public Path brokerDir() {
        return options.pkiDir().resolve("broker");
    }

    public Path deviceBundle(String id) {
        return options.pkiDir().resolve("devices").resolve(id);
    }

    public Path gatewayBundle(String name) {
        return options.pkiDir().resolve("gateways").resolve(name);
    }

    public List<Account> accounts() {
        return registry.all();
    }

    /** Provisions a device; with {@code rotate} replaces the credential of one that exists (its old certificate is revoked). */
    public Result provisionDevice(String id, String site, String assetType, Account.Auth auth, boolean rotate) {
        checkId("--device", id);
        checkId("--site", site);
        checkId("--asset", assetType);
        return provision(id, Account.Role.DEVICE, site, assetType, auth, rotate);
    }

    /** Provisions a gateway account (one per gateway replica). */
    public Result provisionGateway(String name, Account.Auth auth, boolean rotate) {
        checkId("--name", name);
        return provision(name, Account.Role.GATEWAY, null, null, auth, rotate);
    }

    /** Removes an account: its password entry, its ACL block and its bundle; its certificate goes on the CRL. */
    public Result revoke(String name) {
        checkId("--revoke", name);
        Account account = registry.find(name).orElseThrow(() -> new ProvisionException(
                "--revoke: no account named '" + name + "' in " + options.pkiDir() + " (provisioned: " + names() + ")"));
        CertificateAuthority ca = CertificateAuthority.openOrCreate(options.pkiDir().resolve("ca"), random, clock);
        List<String> created = new ArrayList<>();
        if (account.certSerial() != null) {
            ca.revoke(account.certSerial());
            created.add("certificate " + account.certSerial().toString(16) + " added to the CRL");
        }
        registry.delete(name);
        Path bundle = bundle(account);
        deleteTree(bundle);
        created.add("bundle " + bundle + " deleted");
        created.addAll(writeBrokerFiles(ca));
        return new Result(account, bundle, null, created);
    }

    private Result provision(String name, Account.Role role, String site, String assetType, Account.Auth auth, boolean rotate) {
        Account existing = registry.find(name).orElse(null);
        String what = role == Account.Role.DEVICE ? "device" : "gateway account";
        if (existing != null && existing.role() != role) {
            throw new ProvisionException("'" + name + "' is already a " + existing.role().name().toLowerCase()
                    + " account; pick another name");
        }
        if (existing != null && !rotate) {
            throw new ProvisionException(what + " '" + name + "' is already provisioned ("
                    + describe(existing) + "); pass --rotate to replace its credentials, or --revoke " + name + " to remove it");
        }
        if (existing == null && rotate) {
            throw new ProvisionException("--rotate: " + what + " '" + name + "' is not provisioned yet; drop --rotate to create it");
        }
        List<String> created = new ArrayList<>();
        Path caDir = options.pkiDir().resolve("ca");
        if (!CertificateAuthority.exists(caDir)) {
            created.add("local CA " + caDir.resolve("ca.crt") + " (key ca.key, mode 600; keep it on this machine)");
        }
        CertificateAuthority ca = CertificateAuthority.openOrCreate(caDir, random, clock);

        Path bundle = role == Account.Role.DEVICE ? deviceBundle(name) : gatewayBundle(name);
        deleteTree(bundle);
        SecureFiles.privateDir(bundle);
        SecureFiles.writePublic(bundle.resolve(AgentConfig.CA_FILE), CertificateAuthority.pem(ca.certificate()));

        String password = null;
        Account account;
        if (auth == Account.Auth.PASSWORD) {
            password = MosquittoPassword.random(random);
            SecureFiles.writePrivate(bundle.resolve(AgentConfig.PASSWORD_FILE), password + "\n");
            account = new Account(name, role, site, assetType, auth, MosquittoPassword.hash(password, random), null);
        } else {
            CertificateAuthority.Issued issued = ca.issueClient(name);
            SecureFiles.writePublic(bundle.resolve(AgentConfig.CERT_FILE), CertificateAuthority.pem(issued.certificate()));
            SecureFiles.writePrivate(bundle.resolve(AgentConfig.KEY_FILE), CertificateAuthority.pem(issued.key()));
            account = new Account(name, role, site, assetType, auth, null, issued.serial());
        }
        if (existing != null && existing.certSerial() != null) {
            ca.revoke(existing.certSerial());
            created.add("previous certificate " + existing.certSerial().toString(16) + " added to the CRL");
        }
        int port = auth == Account.Auth.PASSWORD ? options.tlsPort() : options.mtlsPort();
        String brokerUrl = "ssl://" + urlHost(options.agentBrokerHost()) + ":" + port;
        if (role == Account.Role.DEVICE) {
            SecureFiles.writePublic(bundle.resolve(AgentConfig.FILE), AgentConfig.yaml(account, brokerUrl));
        } else {
            SecureFiles.writePublic(bundle.resolve(AgentConfig.GATEWAY_FILE), AgentConfig.gatewayEnv(account, brokerUrl, bundle));
        }
        registry.save(account);
        created.add((existing == null ? "" : "new ") + what + " bundle " + bundle + " (" + list(bundle) + ")");
        created.addAll(writeBrokerFiles(ca));
        return new Result(account, bundle, password, created);
    }

    /** Renders everything the broker reads; re-issues its certificate when a broker host is new. */
    private List<String> writeBrokerFiles(CertificateAuthority ca) {
        Path dir = SecureFiles.privateDir(brokerDir());
        List<String> created = new ArrayList<>();
        Path serverCert = dir.resolve("server.crt");
        List<String> hosts = options.serverCertHosts();
        Set<String> covered = Files.exists(serverCert) && Files.exists(dir.resolve("server.key"))
                && sameIssuer(serverCert, ca) ? subjectAltNames(serverCert) : Set.of();
        if (!covered.containsAll(hosts)) {
            Set<String> all = new java.util.LinkedHashSet<>(hosts);
            all.addAll(covered);
            CertificateAuthority.Issued server = ca.issueServer(all);
            SecureFiles.writePrivate(dir.resolve("server.key"), CertificateAuthority.pem(server.key()));
            SecureFiles.writePublic(serverCert, CertificateAuthority.pem(server.certificate()));
            created.add("broker certificate for " + all + " (a reload of mosquitto picks it up)");
        }
        List<Account> all = registry.all();
        SecureFiles.writePublic(dir.resolve("ca.crt"), CertificateAuthority.pem(ca.certificate()));
        // Mode 600: the hashes resist guessing, but nobody else needs them. Install them owned by mosquitto.
        SecureFiles.writePrivate(dir.resolve("passwd"), BrokerFiles.passwordFile(all));
        SecureFiles.writePublic(dir.resolve("acl"), BrokerFiles.aclFile(all));
        SecureFiles.writePublic(dir.resolve("crl.pem"), ca.crl(ca.revoked()));
        created.add("broker files " + dir + " (passwd, acl, crl.pem, ca.crt, server.crt, server.key): "
                + all.size() + " account(s)");
        return created;
    }

    private static boolean sameIssuer(Path cert, CertificateAuthority ca) {
        X509Certificate c = CertificateAuthority.readCertificate(cert);
        try {
            c.verify(ca.certificate().getPublicKey());
            return true;
        } catch (Exception otherCa) {
            return false;
        }
    }

    private static Set<String> subjectAltNames(Path cert) {
        Set<String> names = new HashSet<>();
        try {
            Collection<List<?>> sans = CertificateAuthority.readCertificate(cert).getSubjectAlternativeNames();
            if (sans != null) {
                sans.forEach(san -> names.add(String.valueOf(san.get(1))));
            }
        } catch (CertificateParsingException e) {
            return Set.of();
        }
        return names;
    }

    private static void checkId(String option, String value) {
        if (value == null || value.isBlank()) {
            throw new ProvisionException(option + " is required");
        }
        if (!TelemetryJson.ID.matcher(value).matches()) {
            throw new ProvisionException(option + " '" + value + "' is not a valid id: it must match " + TelemetryJson.ID.pattern()
                    + " (letters, digits, '.', '_', '-'; it becomes an MQTT topic level and a username)");
        }
    }

    private static String urlHost(String host) {
        return host.contains(":") ? "[" + host + "]" : host;
    }

    private Path bundle(Account a) {
        return a.role() == Account.Role.DEVICE ? deviceBundle(a.name()) : gatewayBundle(a.name());
    }

    private String names() {
        List<String> names = registry.all().stream().map(Account::name).toList();
        return names.isEmpty() ? "none" : String.join(", ", names);
    }

    private static String describe(Account a) {
        return (a.site() != null ? "site " + a.site() + ", asset " + a.assetType() + ", " : "")
                + (a.auth() == Account.Auth.PASSWORD ? "password" : "client certificate");
    }

    private static String list(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return String.join(", ", files.map(p -> p.getFileName().toString()).sorted().toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + dir, e);
        }
    }
}
