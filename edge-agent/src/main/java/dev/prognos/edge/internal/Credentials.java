package dev.prognos.edge.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The device's MQTT login from its credentials file. {@code ./prognos provision} writes the
 * password alone on one line (the username is the device id); a file of two lines gives the
 * username on the first and the password on the second. Blank lines and surrounding spaces are
 * ignored.
 */
public record Credentials(String username, byte[] password) {

    public static Credentials read(Path file, String deviceId) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8).stream().map(String::strip)
                    .filter(s -> !s.isEmpty()).toList();
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot be read: " + e.getMessage(), e);
        }
        return switch (lines.size()) {
            case 1 -> new Credentials(deviceId, lines.get(0).getBytes(StandardCharsets.UTF_8));
            case 2 -> new Credentials(lines.get(0), lines.get(1).getBytes(StandardCharsets.UTF_8));
            default -> throw new IllegalArgumentException(file + ": expected the password on one line, or the "
                    + "username and the password on two lines, found " + lines.size() + " non-blank lines");
        };
    }

    @Override
    public String toString() {
        return "Credentials[username=" + username + ", password=(hidden)]";
    }
}
