package dev.prognos.stack.provision.internal;

import dev.prognos.stack.provision.Account;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * The accounts provisioned so far, one properties file each under {@code <pki>/accounts/}. The
 * broker's password and ACL files are rendered from it whole, so they never drift apart and a
 * revoked account disappears from both.
 */
public final class AccountRegistry {

    private final Path dir;

    public AccountRegistry(Path dir) {
        this.dir = dir;
    }

    public Optional<Account> find(String name) {
        Path file = file(name);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file, e);
        }
        String serial = p.getProperty("cert.serial");
        return Optional.of(new Account(p.getProperty("name"), Account.Role.valueOf(p.getProperty("role")),
                p.getProperty("site"), p.getProperty("asset"), Account.Auth.valueOf(p.getProperty("auth")),
                p.getProperty("password.hash"), serial == null ? null : new BigInteger(serial, 16)));
    }

    public List<Account> all() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Account> accounts = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files.sorted()::iterator) {
                String n = f.getFileName().toString();
                if (n.endsWith(".properties")) {
                    find(n.substring(0, n.length() - ".properties".length())).ifPresent(accounts::add);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not list " + dir, e);
        }
        accounts.sort(Comparator.comparing(Account::name));
        return accounts;
    }

    public void save(Account a) {
        Properties p = new Properties();
        p.setProperty("name", a.name());
        p.setProperty("role", a.role().name());
        p.setProperty("auth", a.auth().name());
        if (a.site() != null) {
            p.setProperty("site", a.site());
        }
        if (a.assetType() != null) {
            p.setProperty("asset", a.assetType());
        }
        if (a.passwordHash() != null) {
            p.setProperty("password.hash", a.passwordHash());
        }
        if (a.certSerial() != null) {
            p.setProperty("cert.serial", a.certSerial().toString(16));
        }
        StringWriter out = new StringWriter();
        try {
            p.store(out, "Prognos broker account, written by ./prognos provision");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // The hash is not the password, but there is no reason to let others read it.
        SecureFiles.writePrivate(file(a.name()), out.toString());
    }

    public void delete(String name) {
        try {
            Files.deleteIfExists(file(name));
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + file(name), e);
        }
    }

    private Path file(String name) {
        return dir.resolve(name + ".properties");
    }
}
