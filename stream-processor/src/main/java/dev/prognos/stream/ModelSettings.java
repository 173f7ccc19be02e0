package dev.prognos.stream;

import dev.prognos.core.model.ModelKeys;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What detector 3 (the deployed model) needs, taken from {@link StreamJobOptions}.
 *
 * @param trustedKeys      key id ({@link ModelKeys#keyId}) → Ed25519 public key; artifacts signed by
 *                         anything else are refused. Empty: every artifact is refused (and counted).
 * @param rulHorizon       alert when the predicted RUL is below this, in the unit of the model's
 *                         {@code rul} output (cycles, h, ...)
 * @param failureThreshold alert when the predicted failure probability is at or above this (0 to 1)
 * @param historyWindows   on-time windows of each device kept as the model's samples (its
 *                         {@code SlidingFeatures} windows can look this far back)
 */
public record ModelSettings(Map<String, PublicKey> trustedKeys, double rulHorizon, double failureThreshold,
                            int historyWindows) implements Serializable {

    /** The output names the model detector reads; an artifact may have either or both. */
    public static final String RUL_OUTPUT = "rul";
    public static final String FAILURE_PROBABILITY_OUTPUT = "failure_probability";

    public ModelSettings {
        trustedKeys = Map.copyOf(trustedKeys);
    }

    /** No trusted key: any artifact is refused, the model detector stays silent. */
    public static ModelSettings none() {
        return new ModelSettings(Map.of(), StreamJobOptions.DEFAULT_MODEL_RUL_HORIZON,
                StreamJobOptions.DEFAULT_MODEL_FAILURE_THRESHOLD, StreamJobOptions.DEFAULT_MODEL_HISTORY_WINDOWS);
    }

    /**
     * The trusted public keys in {@code path}: one PEM file ({@code BEGIN PUBLIC KEY}, as
     * {@code ./prognos keys init} writes {@code model-signing.pub}), or a directory whose
     * {@code *.pub} and {@code *.pem} files are each one such key.
     *
     * @throws UncheckedIOException naming the file that is missing or not an Ed25519 public key
     */
    public static Map<String, PublicKey> loadTrustedKeys(Path path) {
        try {
            List<Path> files;
            if (Files.isDirectory(path)) {
                try (Stream<Path> list = Files.list(path)) {
                    files = list.filter(p -> p.toString().endsWith(".pub") || p.toString().endsWith(".pem")).sorted().toList();
                }
                if (files.isEmpty()) {
                    throw new IOException(path + " holds no *.pub or *.pem public key file");
                }
            } else {
                files = List.of(path);
            }
            Map<String, PublicKey> keys = new TreeMap<>();
            for (Path f : files) {
                PublicKey key = ModelKeys.readPublic(f);
                keys.put(ModelKeys.keyId(key), key);
            }
            return keys;
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }
}
