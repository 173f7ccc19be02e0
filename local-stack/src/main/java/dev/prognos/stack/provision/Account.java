package dev.prognos.stack.provision;

import java.math.BigInteger;
import java.util.Objects;

/**
 * One broker account as the registry keeps it. The account name is the MQTT username, and for
 * a device it is the device id, so the ACL can tie every topic to it.
 *
 * @param name         device id or gateway account name (the MQTT username, and the certificate CN)
 * @param role         what the ACL lets it do
 * @param site         the device's site (null for a gateway)
 * @param assetType    the device's asset type, whose models it reads (null for a gateway)
 * @param auth         how it proves who it is
 * @param passwordHash the password file's hash part ({@code $7$...}), null for certificate accounts
 * @param certSerial   serial of its current client certificate, null for password accounts
 */
public record Account(String name, Role role, String site, String assetType, Auth auth, String passwordHash, BigInteger certSerial) {

    public enum Role { DEVICE, GATEWAY }

    public enum Auth {
        /** Username and password over TLS (server authentication only). */
        PASSWORD,
        /** Client certificate over mutual TLS; the certificate's CN is the username. */
        CERTIFICATE
    }

    public Account {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(auth, "auth");
        if (role == Role.DEVICE && (site == null || assetType == null)) {
            throw new IllegalArgumentException("device " + name + " needs a site and an asset type");
        }
        if ((auth == Auth.PASSWORD) != (passwordHash != null) || (auth == Auth.CERTIFICATE) != (certSerial != null)) {
            throw new IllegalArgumentException("account " + name + ": " + auth + " needs exactly its own credential");
        }
    }
}
