package dev.prognos.core.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;

/**
 * The gate every artifact from outside goes through before it is used (edge agent, Flink job).
 * It refuses, with a reason, anything that is not well-formed, not signed by a trusted key,
 * tampered with, for another asset type, built on another feature spec, or not newer than the
 * model in use. Checks run in the order of {@link Refusal}; the signature is checked before the
 * content is interpreted. Thread-safe.
 */
public final class ModelVerifier {

    /** Why an artifact was refused, in the order the checks run. */
    public enum Refusal {
        /** not a JSON object, or duplicate keys */
        MALFORMED,
        /** no signature member */
        UNSIGNED,
        /** signed by a key that is not trusted, or with another algorithm */
        UNTRUSTED_KEY,
        /** the signature does not match the content: tampered, or signed by another key */
        BAD_SIGNATURE,
        /** signed, but not a valid artifact (fields missing or inconsistent, trees out of range) */
        INVALID,
        /** for another asset type */
        WRONG_ASSET,
        /** the feature spec's hash is not the declared one, or not the one this consumer computes */
        FEATURE_SPEC_MISMATCH,
        /** version not above the one in use */
        NOT_NEWER
    }

    /** The outcome: either an artifact with its compiled runtime, or a refusal with a reason. */
    public record Verdict(ModelArtifact artifact, ModelRuntime runtime, Refusal refusal, String reason) {
        public boolean accepted() {
            return refusal == null;
        }

        static Verdict refuse(Refusal r, String reason) {
            return new Verdict(null, null, r, reason);
        }
    }

    private final Map<String, PublicKey> trustedKeys;
    private final String assetType;
    private final String featureSpecHash;

    /**
     * @param trustedKeys     key id ({@link ModelKeys#keyId}) → public key
     * @param assetType       the asset type this consumer serves
     * @param featureSpecHash the feature spec hash this consumer can compute features for;
     *                        null accepts any spec (a consumer that builds its features from the spec)
     */
    public ModelVerifier(Map<String, PublicKey> trustedKeys, String assetType, String featureSpecHash) {
        this.trustedKeys = Map.copyOf(trustedKeys);
        this.assetType = Objects.requireNonNull(assetType, "assetType");
        this.featureSpecHash = featureSpecHash;
    }

    /** A verifier trusting one key. */
    public static ModelVerifier trusting(PublicKey key, String assetType, String featureSpecHash) {
        return new ModelVerifier(Map.of(ModelKeys.keyId(key), key), assetType, featureSpecHash);
    }

    /**
     * @param json           the artifact as received
     * @param currentVersion version of the model in use; {@link Long#MIN_VALUE} when there is none
     */
    public Verdict verify(byte[] json, long currentVersion) {
        JsonNode tree;
        byte[] signed;
        try {
            tree = ModelJson.parseTree(json);
            if (!tree.isObject()) {
                return Verdict.refuse(Refusal.MALFORMED, "the document is not a JSON object");
            }
            signed = ModelJson.signedBytes(json);
        } catch (IOException e) {
            return Verdict.refuse(Refusal.MALFORMED, "not JSON: " + e.getMessage());
        }
        JsonNode sig = tree.get("signature");
        if (sig == null || sig.isNull()) {
            return Verdict.refuse(Refusal.UNSIGNED, "the artifact has no signature");
        }
        String algorithm = sig.path("algorithm").asText("");
        String keyId = sig.path("keyId").asText("");
        if (!ModelKeys.ALGORITHM.equals(algorithm)) {
            return Verdict.refuse(Refusal.UNTRUSTED_KEY, "signature algorithm '" + algorithm + "', only Ed25519 is accepted");
        }
        PublicKey key = trustedKeys.get(keyId);
        if (key == null) {
            return Verdict.refuse(Refusal.UNTRUSTED_KEY, "signed by key '" + keyId + "', trusted keys are " + trustedKeys.keySet());
        }
        try {
            byte[] value = Base64.getDecoder().decode(sig.path("value").asText(""));
            java.security.Signature s = java.security.Signature.getInstance(ModelKeys.ALGORITHM);
            s.initVerify(key);
            s.update(signed);
            if (!s.verify(value)) {
                return Verdict.refuse(Refusal.BAD_SIGNATURE, "the signature by " + keyId
                        + " does not match the content: the artifact was changed after signing");
            }
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            return Verdict.refuse(Refusal.BAD_SIGNATURE, "unreadable signature: " + e.getMessage());
        }
        ModelArtifact artifact;
        ModelRuntime runtime;
        try {
            artifact = ModelJson.read(json);
            runtime = ModelRuntime.of(artifact);
        } catch (IllegalArgumentException e) {
            return Verdict.refuse(Refusal.INVALID, e.getMessage());
        }
        if (!assetType.equals(artifact.assetType())) {
            return Verdict.refuse(Refusal.WRONG_ASSET, "the artifact is for asset type '" + artifact.assetType()
                    + "', this consumer serves '" + assetType + "'");
        }
        String actual = artifact.featureSpec().hash();
        if (!actual.equals(artifact.featureSpecHash())) {
            return Verdict.refuse(Refusal.FEATURE_SPEC_MISMATCH, "the feature spec hashes to " + actual
                    + ", the artifact declares " + artifact.featureSpecHash());
        }
        if (featureSpecHash != null && !featureSpecHash.equals(actual)) {
            return Verdict.refuse(Refusal.FEATURE_SPEC_MISMATCH, "the artifact needs feature spec " + actual
                    + ", this consumer computes " + featureSpecHash);
        }
        if (artifact.version() <= currentVersion) {
            return Verdict.refuse(Refusal.NOT_NEWER, "version " + artifact.version()
                    + " is not newer than the model in use (version " + currentVersion + ")");
        }
        return new Verdict(artifact, runtime, null, null);
    }
}
