package dev.prognos.core.model;

/**
 * Ed25519 signature over the artifact's canonical bytes (see {@link ModelJson#canonicalBytes}).
 *
 * @param algorithm always {@code Ed25519}
 * @param keyId     which key signed: {@link ModelKeys#keyId}
 * @param value     the 64-byte signature, standard base64
 */
public record Signature(String algorithm, String keyId, String value) {
}
