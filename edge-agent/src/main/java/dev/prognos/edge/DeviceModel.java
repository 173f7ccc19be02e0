package dev.prognos.edge;

import dev.prognos.core.model.FeatureSpec;
import dev.prognos.core.model.ModelArtifact;
import dev.prognos.core.model.ModelJson;
import dev.prognos.core.model.ModelRuntime;
import dev.prognos.core.model.ModelVerifier;
import dev.prognos.core.model.SlidingFeatures;
import dev.prognos.core.telemetry.TelemetryJson;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The signed model the device scores with. Artifacts arrive as the retained message of
 * {@code prognos/v1/models/{assetType}} ({@link #offer}); each goes through core's
 * {@link ModelVerifier} (a trusted Ed25519 signature over the canonical bytes, the device's asset
 * type, a feature spec that hashes to the declared hash, a version strictly above the one in use)
 * and is either swapped in at once, without a restart, or refused with the reason kept for the
 * status message while the model in use stays. An accepted artifact is written to
 * {@link #FILE} in the agent's data directory (atomically) and verified again at the next start.
 *
 * <p>Scoring ({@link #score}): every stored reading that carries one of the model's inputs is one
 * sample; the inputs it does not carry keep their latest value from the other sensors. The
 * feature vector comes from core's {@link SlidingFeatures} (the trainer's and the stream's code),
 * and each output is added to the reading as {@value #OUTPUT_PREFIX}{@code <output>}, e.g.
 * {@code model_rul}. A new model starts its windows empty. Thread-safe.
 */
public final class DeviceModel {

    private static final Logger LOG = LoggerFactory.getLogger(DeviceModel.class);

    /** The accepted artifact in the data directory, as received. */
    public static final String FILE = "model.json";
    /** Prefix of the readings a model adds, so they never shadow a sensor's. */
    public static final String OUTPUT_PREFIX = "model_";
    /**
     * Largest artifact accepted, in bytes, also announced to the broker as the client's maximum
     * packet size: a forest of a few hundred trees is about 3 MB of JSON.
     */
    public static final int MAX_ARTIFACT_BYTES = 16 * 1024 * 1024;

    /** What {@link #offer} did. */
    public enum Outcome {
        /** verified and now in use */
        ACCEPTED,
        /** refused: {@link #refused()} says why, the model in use stays */
        REFUSED,
        /** the artifact in use, handed again (the broker does so at every connection) */
        UNCHANGED,
        /** an empty retained message: ignored, the model in use stays */
        CLEARED
    }

    /**
     * Why the last artifact was refused.
     *
     * @param name    the artifact's name, null when it could not be read
     * @param version its version, null when it could not be read
     */
    public record Refused(String name, Long version, ModelVerifier.Refusal refusal, String reason) {
    }

    private final ModelVerifier verifier;
    private final Path file;
    /** The model in use, swapped whole: a reader sees the old one or the new one, never a mix. */
    private volatile Active active;
    private volatile Refused refused;

    /**
     * @param trustedKeys key id → Ed25519 public key ({@link AgentOptions#trustedModelKeys()})
     * @param assetType   the device's asset type: artifacts for any other are refused
     * @param file        where the accepted artifact is kept ({@link #FILE} in the data directory)
     */
    public DeviceModel(Map<String, PublicKey> trustedKeys, String assetType, Path file) {
        // null feature spec hash: the edge computes any spec's features from the spec itself, so
        // the verifier checks the spec against its declared hash only.
        this.verifier = new ModelVerifier(trustedKeys, assetType, null);
        this.file = Objects.requireNonNull(file, "file");
    }

    /**
     * Takes the artifact kept by an earlier run, verified again (the trusted keys may have changed
     * since). A refused or unreadable file is logged and the device starts without a model.
     */
    public DeviceModel loadPersisted() {
        if (!Files.isRegularFile(file)) {
            return this;
        }
        byte[] json;
        try {
            json = Files.readAllBytes(file);
        } catch (IOException e) {
            LOG.error("cannot read the kept model {}: {}; starting without a model", file, e.toString());
            return this;
        }
        ModelVerifier.Verdict v = verifier.verify(json, Long.MIN_VALUE);
        if (!v.accepted()) {
            LOG.error("the kept model {} is refused now ({}: {}); starting without a model", file, v.refusal(), v.reason());
            return this;
        }
        active = new Active(v.artifact(), v.runtime(), ModelJson.sha256Hex(json));
        LOG.info("model {} version {} (kept in {}) in use", v.artifact().name(), v.artifact().version(), file);
        return this;
    }

    /**
     * A retained message of the model topic: verified, then swapped in, or refused.
     *
     * @param payload the artifact's JSON bytes as published; empty when the retained message was cleared
     */
    public synchronized Outcome offer(byte[] payload) {
        Active current = active;
        if (payload.length == 0) {
            // A cleared topic (a Kafka tombstone) is no instruction to stop scoring: a device
            // without a model would lose its local detection, and anyone able to clear the topic
            // could switch it off. Only a newer signed artifact replaces the model.
            LOG.info("the model topic was cleared; keeping {}", describe(current));
            return Outcome.CLEARED;
        }
        String sha = ModelJson.sha256Hex(payload);
        if (current != null && current.sha256.equals(sha)) {
            return Outcome.UNCHANGED;
        }
        ModelVerifier.Verdict v = payload.length > MAX_ARTIFACT_BYTES
                ? new ModelVerifier.Verdict(null, null, ModelVerifier.Refusal.MALFORMED,
                        payload.length + " bytes, at most " + MAX_ARTIFACT_BYTES + " are accepted")
                : verifier.verify(payload, current == null ? Long.MIN_VALUE : current.artifact.version());
        if (!v.accepted()) {
            Refused r = refusal(payload, v);
            refused = r;
            LOG.error("{} refused ({}): {}; keeping {}", r.name() == null ? "a message that is no artifact"
                    : "model " + r.name() + " version " + r.version(), r.refusal(), r.reason(), describe(current));
            return Outcome.REFUSED;
        }
        persist(payload);
        active = new Active(v.artifact(), v.runtime(), sha);
        refused = null;
        LOG.info("model {} version {} signed by {} in use (was {})", v.artifact().name(), v.artifact().version(),
                v.artifact().signature().keyId(), describe(current));
        return Outcome.ACCEPTED;
    }

    /** Version of the model in use; empty when there is none. */
    public OptionalLong version() {
        Active a = active;
        return a == null ? OptionalLong.empty() : OptionalLong.of(a.artifact.version());
    }

    /** Name of the model in use, or null. */
    public String name() {
        Active a = active;
        return a == null ? null : a.artifact.name();
    }

    /** Why the last artifact was refused, or null when the last one offered was accepted (or none was refused). */
    public Refused refused() {
        return refused;
    }

    /**
     * The readings with the model's outputs added when they carry at least one of its inputs;
     * {@code readings} itself otherwise (no model, or none of its inputs).
     *
     * @param tsMs event time of the readings, epoch ms
     */
    public Map<String, Double> score(long tsMs, Map<String, Double> readings) {
        Active a = active;
        return a == null ? readings : a.score(tsMs, readings);
    }

    private static String describe(Active a) {
        return a == null ? "no model" : "model " + a.artifact.name() + " version " + a.artifact.version();
    }

    private static Refused refusal(byte[] payload, ModelVerifier.Verdict v) {
        String name = null;
        Long version = null;
        if (v.refusal() != ModelVerifier.Refusal.MALFORMED) {
            try {
                ModelArtifact a = ModelJson.read(payload);
                name = a.name();
                version = a.version();
            } catch (IllegalArgumentException unreadable) {
                // Not an artifact at all: the refusal says so, without a name or version.
            }
        }
        return new Refused(name, version, v.refusal(), v.reason());
    }

    /** Writes then renames, so a power cut leaves the old file or the new one, never half of one. */
    private void persist(byte[] json) {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ch.write(java.nio.ByteBuffer.wrap(json));
                ch.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            // The model is still used until the agent stops; the next start falls back to the old file.
            LOG.error("cannot keep the model in {}: {}; it is used but will not survive a restart", file, e.toString());
        }
    }

    /** The reading name of an output: {@value #OUTPUT_PREFIX} + the output's name in lower case, '_' for anything else. */
    static String readingName(String output) {
        String n = OUTPUT_PREFIX + output.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        return n.length() > 64 ? n.substring(0, 64) : n;
    }

    /** A verified artifact, compiled, with its feature state. */
    private static final class Active {
        final ModelArtifact artifact;
        final ModelRuntime runtime;
        final String sha256;
        private final SlidingFeatures features;
        private final List<String> inputs;
        private final List<String> settings;
        private final double[] latestInputs;
        private final double[] latestSettings;
        private final String[] outputNames;
        private final double[] outputs;

        Active(ModelArtifact artifact, ModelRuntime runtime, String sha256) {
            this.artifact = artifact;
            this.runtime = runtime;
            this.sha256 = sha256;
            FeatureSpec spec = artifact.featureSpec();
            this.features = new SlidingFeatures(spec, artifact.preprocessing());
            this.inputs = spec.inputs();
            this.settings = spec.settings();
            this.latestInputs = new double[inputs.size()];
            this.latestSettings = new double[settings.size()];
            Arrays.fill(latestInputs, Double.NaN);
            Arrays.fill(latestSettings, Double.NaN);
            this.outputNames = runtime.outputNames().stream().map(DeviceModel::readingName)
                    .map(n -> TelemetryJson.READING_NAME.matcher(n).matches() ? n : null).toArray(String[]::new);
            this.outputs = new double[outputNames.length];
        }

        /** One sample per call that carries an input; the sensors' threads call it, one at a time. */
        synchronized Map<String, Double> score(long tsMs, Map<String, Double> readings) {
            boolean sample = false;
            for (int i = 0; i < latestInputs.length; i++) {
                Double v = readings.get(inputs.get(i));
                if (v != null) {
                    latestInputs[i] = v;
                    sample = true;
                }
            }
            for (int i = 0; i < latestSettings.length; i++) {
                Double v = readings.get(settings.get(i));
                if (v != null) {
                    latestSettings[i] = v;
                }
            }
            if (!sample) {
                return readings;
            }
            runtime.predictAll(features.next(tsMs, latestSettings, latestInputs), outputs);
            Map<String, Double> out = new LinkedHashMap<>(readings);
            for (int o = 0; o < outputs.length; o++) {
                if (outputNames[o] != null && Double.isFinite(outputs[o])) {
                    out.putIfAbsent(outputNames[o], outputs[o]);
                }
            }
            return out;
        }
    }
}
