package dev.prognos.console.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/** Users in the {@code users} table; shared by the console and its create-admin command. */
public final class UserStore {

    /** A user as listed; never the hash. */
    public record User(String name, Role role, long createdAt) {
    }

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@-]{1,100}");

    private final DataSource ds;

    public UserStore(DataSource ds) {
        this.ds = ds;
    }

    /** @throws IllegalArgumentException for a bad name, short password, or a name already taken */
    public User create(String name, Role role, char[] password) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("user name: 1-100 of letters, digits and ._@-, got '" + name + "'");
        }
        String hash = Passwords.hash(password);
        long now = System.currentTimeMillis();
        return Db.tx(ds, c -> {
            if (find(c, name).isPresent()) {
                throw new IllegalArgumentException("user '" + name + "' exists already");
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO users (name, password_hash, role, created_at) VALUES (?, ?, ?, ?)")) {
                ps.setString(1, name);
                ps.setString(2, hash);
                ps.setString(3, role.id());
                ps.setLong(4, now);
                ps.executeUpdate();
            }
            return new User(name, role, now);
        });
    }

    /** The role of {@code name} when {@code password} is right. */
    public Optional<Role> authenticate(String name, char[] password) {
        Optional<String[]> row = Db.tx(ds, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT password_hash, role FROM users WHERE name = ?")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new String[] {rs.getString(1), rs.getString(2)}) : Optional.empty();
                }
            }
        });
        return row.filter(r -> Passwords.matches(password, r[0])).map(r -> Role.parse(r[1]));
    }

    /** The role of an existing user (a session cookie names the user; it may have been removed since). */
    public Optional<Role> roleOf(String name) {
        return Db.tx(ds, c -> find(c, name).map(User::role));
    }

    public List<User> list() {
        return Db.tx(ds, c -> {
            List<User> users = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT name, role, created_at FROM users ORDER BY name");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    users.add(new User(rs.getString(1), Role.parse(rs.getString(2)), rs.getLong(3)));
                }
            }
            return users;
        });
    }

    public long count() {
        return Db.tx(ds, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM users"); ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    private static Optional<User> find(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT name, role, created_at FROM users WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new User(rs.getString(1), Role.parse(rs.getString(2)), rs.getLong(3))) : Optional.empty();
            }
        }
    }
}
