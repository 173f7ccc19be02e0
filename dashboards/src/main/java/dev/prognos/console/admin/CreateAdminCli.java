package dev.prognos.console.admin;

import dev.prognos.console.internal.Db;
import dev.prognos.console.internal.Role;
import dev.prognos.console.internal.UserStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import javax.sql.DataSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./prognos console create-admin --user NAME}: creates a user (an admin unless
 * {@code --role} says otherwise) in the console's database, with the password read from
 * {@code --password-file} or the first line of standard input. There is no default password.
 * Run it while the console is stopped when the database is the embedded H2 file (H2 locks it).
 */
@Command(name = "create-admin", mixinStandardHelpOptions = true,
        description = "Create a console user (the first admin) with a password read from a file or standard input.")
public final class CreateAdminCli implements Callable<Integer> {

    /** Environment variable with the JDBC URL; the console reads the same one. */
    public static final String DB_URL_ENV = "PROGNOS_CONSOLE_DB_URL";
    /** Environment variable with the console's data directory (the H2 file lives there). */
    public static final String DATA_ENV = "PROGNOS_CONSOLE_DATA";
    public static final String DB_USER_ENV = "PROGNOS_CONSOLE_DB_USER";
    public static final String DB_PASSWORD_ENV = "PROGNOS_CONSOLE_DB_PASSWORD";

    @Option(names = "--user", required = true, description = "User name (letters, digits, ._@-).")
    String user;

    @Option(names = "--role", defaultValue = "admin", description = "viewer, technician or admin (default: ${DEFAULT-VALUE}).")
    String role;

    @Option(names = "--password-file", description = "File whose first line is the password; without it, the first line of standard input.")
    Path passwordFile;

    @Option(names = "--db-url", description = "JDBC URL (default: $" + DB_URL_ENV + ", else the H2 file in $" + DATA_ENV + " or .prognos/console).")
    String dbUrl;

    @Option(names = "--if-no-users", description = "Do nothing (exit 0) when the database has users already.")
    boolean ifNoUsers;

    @Override
    public Integer call() throws IOException {
        Role r = Role.parse(role);
        String url = dbUrl != null ? dbUrl : defaultUrl(System.getenv(DB_URL_ENV), System.getenv(DATA_ENV));
        DataSource ds = dataSource(url, System.getenv(DB_USER_ENV), System.getenv(DB_PASSWORD_ENV));
        try {
            Db.migrate(ds);
        } catch (RuntimeException e) {
            System.err.println("create-admin: cannot open the console database " + url + ": " + rootMessage(e)
                    + (url.startsWith("jdbc:h2:file:") ? " (stop the console first: the embedded database is locked while it runs)" : ""));
            return 1;
        }
        UserStore users = new UserStore(ds);
        if (ifNoUsers && users.count() > 0) {
            System.out.println("create-admin: the console has users already; nothing done");
            return 0;
        }
        char[] password = readPassword();
        try {
            UserStore.User u = users.create(user, r, password);
            System.out.println("create-admin: created " + u.role().id() + " '" + u.name() + "'");
            return 0;
        } catch (IllegalArgumentException e) {
            System.err.println("create-admin: " + e.getMessage());
            return 2;
        } finally {
            java.util.Arrays.fill(password, '\0');
        }
    }

    private char[] readPassword() throws IOException {
        String line;
        if (passwordFile != null) {
            try (BufferedReader in = Files.newBufferedReader(passwordFile, StandardCharsets.UTF_8)) {
                line = in.readLine();
            }
        } else {
            if (System.console() != null) {
                char[] typed = System.console().readPassword("Password for %s: ", user);
                return typed == null ? new char[0] : typed;
            }
            line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        }
        return line == null ? new char[0] : line.toCharArray();
    }

    /** The JDBC URL the console uses by default. */
    public static String defaultUrl(String urlEnv, String dataEnv) {
        if (urlEnv != null && !urlEnv.isBlank()) {
            return urlEnv;
        }
        String dir = dataEnv == null || dataEnv.isBlank() ? ".prognos/console" : dataEnv;
        return "jdbc:h2:file:" + Path.of(dir).toAbsolutePath().resolve("console") + ";DB_CLOSE_ON_EXIT=FALSE";
    }

    static DataSource dataSource(String url, String user, String password) {
        if (url.startsWith("jdbc:h2:")) {
            org.h2.jdbcx.JdbcDataSource h2 = new org.h2.jdbcx.JdbcDataSource();
            h2.setURL(url);
            h2.setUser(user == null ? "" : user);
            h2.setPassword(password == null ? "" : password);
            return h2;
        }
        if (url.startsWith("jdbc:postgresql:")) {
            org.postgresql.ds.PGSimpleDataSource pg = new org.postgresql.ds.PGSimpleDataSource();
            pg.setURL(url);
            if (user != null) {
                pg.setUser(user);
            }
            if (password != null) {
                pg.setPassword(password);
            }
            return pg;
        }
        throw new IllegalArgumentException("--db-url: only jdbc:h2: and jdbc:postgresql: URLs, got " + url);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new CreateAdminCli()).execute(args));
    }
}
