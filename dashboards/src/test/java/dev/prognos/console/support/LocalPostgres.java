package dev.prognos.console.support;

import dev.prognos.stack.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A throwaway PostgreSQL cluster from Debian's {@code postgresql} package: {@code initdb} in a
 * temporary directory, {@code pg_ctl} to start and stop it on a free loopback port (its unix socket
 * in the same directory), password authentication for a user of its own. PostgreSQL refuses to run
 * as root, so as root every command runs as the package's {@code postgres} user (else
 * {@code nobody}) through {@code runuser}. {@link #stop()} and {@link #start()} again keep the data:
 * a restart of the database server.
 */
public final class LocalPostgres implements AutoCloseable {

    /** The database the tests use, owned by {@link #USER}. */
    public static final String DATABASE = "prognos";
    public static final String USER = "prognos";

    private final Path bin;
    private final Path dir;
    private final String password;
    private final List<String> asUser;
    private int port;
    private boolean running;

    private LocalPostgres(Path bin, Path dir, String password, List<String> asUser) {
        this.bin = bin;
        this.dir = dir;
        this.password = password;
        this.asUser = asUser;
    }

    /** The newest {@code /usr/lib/postgresql/<version>/bin} with initdb and pg_ctl, if installed. */
    public static Optional<Path> binaries() {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
                    .max(Comparator.comparingInt(b -> versionOf(b.getParent().getFileName().toString())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int versionOf(String name) {
        try {
            return Integer.parseInt(name);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Makes a new cluster with the {@link #DATABASE} database and starts it. */
    public static LocalPostgres create(Path bin) throws IOException, InterruptedException {
        // Under /tmp, not target/: a unix socket path may not exceed 107 bytes.
        Path dir = Files.createTempDirectory("prognos-pg-");
        List<String> asUser = List.of();
        if ("root".equals(System.getProperty("user.name"))) {
            String user = run(List.of("id", "-u", "postgres"), Path.of("/")) == 0 ? "postgres" : "nobody";
            asUser = List.of("runuser", "-u", user, "--");
            check(run(List.of("chown", user, dir.toString()), dir), "chown " + dir + " to " + user);
        }
        String password = "pw-" + Long.toHexString(new java.security.SecureRandom().nextLong());
        Path pwfile = dir.resolve("pwfile");
        Files.writeString(pwfile, password + "\n", StandardCharsets.UTF_8);
        if (!asUser.isEmpty()) {
            check(run(List.of("chown", asUser.get(2), pwfile.toString()), dir), "chown " + pwfile);
        }
        LocalPostgres pg = new LocalPostgres(bin, dir, password, asUser);
        pg.exec("initdb", List.of("-D", dir.resolve("data").toString(), "-U", USER, "--pwfile=" + pwfile,
                "--auth=scram-sha-256", "--encoding=UTF8", "--locale=C.UTF-8"));
        Files.delete(pwfile);
        pg.start();
        try (Connection c = pg.dataSource("postgres").getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + DATABASE);
        } catch (SQLException e) {
            throw new IllegalStateException("creating database " + DATABASE + ": " + e.getMessage(), e);
        }
        return pg;
    }

    /** Starts the server on a new free port and waits until it accepts connections. */
    public void start() throws IOException, InterruptedException {
        port = FreePorts.find();
        String options = "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off";
        exec("pg_ctl", List.of("-D", dir.resolve("data").toString(), "-l", dir.resolve("server.log").toString(),
                "-o", options, "-w", "-t", "60", "start"));
        running = true;
    }

    /** A fast shutdown (open sessions are ended, committed work is kept). */
    public void stop() throws IOException, InterruptedException {
        if (running) {
            exec("pg_ctl", List.of("-D", dir.resolve("data").toString(), "-m", "fast", "-w", "-t", "60", "stop"));
            running = false;
        }
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    public String password() {
        return password;
    }

    public DataSource dataSource() {
        return dataSource(DATABASE);
    }

    private DataSource dataSource(String database) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setServerNames(new String[] {"127.0.0.1"});
        ds.setPortNumbers(new int[] {port});
        ds.setDatabaseName(database);
        ds.setUser(USER);
        ds.setPassword(password);
        return ds;
    }

    private void exec(String tool, List<String> args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(asUser);
        cmd.add(bin.resolve(tool).toString());
        cmd.addAll(args);
        Path log = dir.resolve("commands.log");
        int rc = run(cmd, dir, log);
        if (rc != 0) {
            String server = Files.exists(dir.resolve("server.log")) ? Files.readString(dir.resolve("server.log")) : "";
            throw new IllegalStateException(tool + " exited with " + rc + ": " + Files.readString(log) + server);
        }
    }

    private static int run(List<String> cmd, Path dir) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return waitFor(p, cmd);
    }

    private static int run(List<String> cmd, Path dir, Path log) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).directory(Path.of("/").toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        return waitFor(p, cmd);
    }

    private static int waitFor(Process p, List<String> cmd) throws InterruptedException {
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("timed out: " + String.join(" ", cmd));
        }
        return p.exitValue();
    }

    private static void check(int rc, String what) {
        if (rc != 0) {
            throw new IllegalStateException(what + " failed (" + rc + ")");
        }
    }

    /** Stops the server and removes the cluster. */
    @Override
    public void close() throws IOException, InterruptedException {
        try {
            stop();
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }
}
