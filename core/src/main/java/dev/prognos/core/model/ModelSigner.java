package dev.prognos.core.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.util.Base64;

/** Signs artifacts with Ed25519 over their canonical bytes ({@link ModelJson#signedBytes}). */
public final class ModelSigner {

    private ModelSigner() {
    }

    /** The artifact with its signature; any previous signature is replaced. */
    public static ModelArtifact sign(ModelArtifact artifact, PrivateKey key, String keyId) {
        try {
            byte[] content = ModelJson.signedBytes(ModelJson.write(artifact.withSignature(null)));
            java.security.Signature s = java.security.Signature.getInstance(ModelKeys.ALGORITHM);
            s.initSign(key);
            s.update(content);
            return artifact.withSignature(new Signature(ModelKeys.ALGORITHM, keyId,
                    Base64.getEncoder().encodeToString(s.sign())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot sign with this key (an Ed25519 private key is needed): "
                    + e.getMessage(), e);
        }
    }
}
