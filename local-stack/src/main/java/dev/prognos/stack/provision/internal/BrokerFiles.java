package dev.prognos.stack.provision.internal;

import dev.prognos.core.MqttTopics;
import dev.prognos.stack.provision.Account;
import java.util.List;

/**
 * Renders Mosquitto's password file and ACL file from the registry's accounts.
 *
 * <p>The ACL gives each device exact topics, with its own site and id written out, rather than
 * Mosquitto {@code pattern} lines: a pattern such as {@code prognos/v1/+/%u/telemetry} would let
 * a device publish under any site with its own id, so the gateway would file its readings under
 * a site it does not belong to. Exact entries cost one block per device and a reload.
 */
public final class BrokerFiles {

    /** The gateway reads every device; a shared subscription ($share/GROUP/...) is checked on the same filter. */
    static final List<String> GATEWAY_READS = List.of(
            MqttTopics.PREFIX + "+/+/" + MqttTopics.TELEMETRY,
            MqttTopics.PREFIX + "+/+/" + MqttTopics.STATUS,
            MqttTopics.PREFIX + "+/+/" + MqttTopics.ALERT);
    /** The gateway publishes desired configuration and models, both retained. */
    static final List<String> GATEWAY_WRITES = List.of(
            MqttTopics.PREFIX + "+/+/" + MqttTopics.CONFIG,
            MqttTopics.model("+"));

    private BrokerFiles() {
    }

    /** Mosquitto's password_file: {@code name:$7$...} for every password account, sorted by name. */
    public static String passwordFile(List<Account> accounts) {
        StringBuilder out = new StringBuilder();
        for (Account a : accounts) {
            if (a.auth() == Account.Auth.PASSWORD) {
                out.append(a.name()).append(':').append(a.passwordHash()).append('\n');
            }
        }
        return out.toString();
    }

    /** Mosquitto's acl_file: a header, then one {@code user} block per account. */
    public static String aclFile(List<Account> accounts) {
        StringBuilder out = new StringBuilder();
        out.append("""
                # Prognos broker ACL, written by ./prognos provision from its account registry:
                # edits by hand are lost at the next provision. Whatever is not granted is denied.
                #
                # Each device gets exact topics with its own site and id, not 'pattern' lines: a
                # pattern like prognos/v1/+/%u/telemetry would let a device publish under any site
                # with its own id. The username is the device id (the certificate CN on the
                # mutual-TLS listener), and the listeners replace the client id with it, so a device
                # can neither speak for another nor take over its session.
                """);
        for (Account a : accounts) {
            out.append('\n').append(block(a));
        }
        return out.toString();
    }

    /** One account's block; package-visible for the table-driven test. */
    static String block(Account a) {
        StringBuilder out = new StringBuilder();
        if (a.role() == Account.Role.DEVICE) {
            out.append("# device ").append(a.name()).append(", site ").append(a.site()).append(", asset ")
                    .append(a.assetType()).append(", ").append(authWord(a)).append('\n');
            out.append("user ").append(a.name()).append('\n');
            out.append("topic write ").append(MqttTopics.telemetry(a.site(), a.name())).append('\n');
            // Retained and also the Last Will: Mosquitto checks the will topic at CONNECT.
            out.append("topic write ").append(MqttTopics.status(a.site(), a.name())).append('\n');
            out.append("topic write ").append(MqttTopics.PREFIX).append(a.site()).append('/').append(a.name())
                    .append('/').append(MqttTopics.ALERT).append('\n');
            out.append("topic read ").append(MqttTopics.config(a.site(), a.name())).append('\n');
            out.append("topic read ").append(MqttTopics.model(a.assetType())).append('\n');
        } else {
            out.append("# gateway ").append(a.name()).append(", ").append(authWord(a)).append('\n');
            out.append("user ").append(a.name()).append('\n');
            GATEWAY_READS.forEach(t -> out.append("topic read ").append(t).append('\n'));
            GATEWAY_WRITES.forEach(t -> out.append("topic write ").append(t).append('\n'));
        }
        return out.toString();
    }

    private static String authWord(Account a) {
        return a.auth() == Account.Auth.PASSWORD ? "password" : "client certificate";
    }
}
