package dev.prognos.edge;

import dev.prognos.core.features.window.RunningStats;
import dev.prognos.core.features.window.WindowFeatures;
import dev.prognos.core.model.FeatureSpec;
import dev.prognos.core.model.ModelArtifact;
import dev.prognos.core.model.ModelJson;
import dev.prognos.core.model.ModelOutput;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.TreeMap;
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
 * <p>Scoring ({@link #score}): the model's samples are what the stream job and the archive trainer
 * use: tumbling windows of {@code windowMs} aligned on the epoch, each reading's mean over its
 * window (core's {@link RunningStats}; NaN for a reading the window lacks), at the window's end.
 * A window is sampled once a reading {@value #GRACE_MS} ms past its end has been stored (a
 * vibration burst is stored about a second after its event time); a reading for a window already
 * sampled is left out of the samples, as the stream leaves late data out of the model's history.
 * The feature vector comes from core's {@link SlidingFeatures}, and the newest window's outputs
 * are added to every reading that carries one of the model's inputs as
 * {@value #OUTPUT_PREFIX}{@code <output>}, e.g. {@code model_rul}. A new model starts its windows
 * empty. Thread-safe.
 */
public final class DeviceModel {

    private static final Logger LOG = LoggerFactory.getLogger(DeviceModel.class);

    /** The accepted artifact in the data directory, as received. */
    public static final String FILE = "model.json";
    /** Prefix of the readings a model adds, so they never shadow a sensor's. */
    public static final String OUTPUT_PREFIX = ModelOutput.DEVICE_READING_PREFIX;
    /**
     * Largest artifact accepted, in bytes, also announced to the broker as the client's maximum
     * packet size: a forest of a few hundred trees is about 3 MB of JSON.
     */
    public static final int MAX_ARTIFACT_BYTES = 16 * 1024 * 1024;
    /** How long past its end a window waits for readings stored late, in ms of event time. */
    public static final long GRACE_MS = 2_000;

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
    private final long windowMs;
    /** The model in use, swapped whole: a reader sees the old one or the new one, never a mix. */
    private volatile Active active;
    private volatile Refused refused;

    /**
     * @param trustedKeys key id → Ed25519 public key ({@link AgentOptions#trustedModelKeys()})
     * @param assetType   the device's asset type: artifacts for any other are refused
     * @param file        where the accepted artifact is kept ({@link #FILE} in the data directory)
     * @param windowMs    the model's sample period, ms: the stream job's {@code --window-ms}
     */
    public DeviceModel(Map<String, PublicKey> trustedKeys, String assetType, Path file, long windowMs) {
        if (windowMs < 1) {
            throw new IllegalArgumentException("windowMs must be at least 1, got " + windowMs);
        }
        this.windowMs = windowMs;
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
        active = new Active(v.artifact(), v.runtime(), ModelJson.sha256Hex(json), windowMs);
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
        active = new Active(v.artifact(), v.runtime(), sha, windowMs);
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
     * Adds the readings to the model's samples; returns them with the newest sampled window's
     * outputs when they carry at least one of its inputs, {@code readings} itself otherwise (no
     * model, none of its inputs, or no window sampled yet).
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
        private final long windowMs;
        private final SlidingFeatures features;
        private final List<String> inputs;
        private final List<String> settings;
        private final String[] outputNames;
        private final double[] outputs;
        /** Open windows by start (epoch ms): per input then per setting, the readings' statistics. */
        private final TreeMap<Long, RunningStats[]> open = new TreeMap<>();
        /** End of the newest sampled window; readings before it are late for the samples. */
        private long sampledUpTo = Long.MIN_VALUE;
        private boolean scored;

        Active(ModelArtifact artifact, ModelRuntime runtime, String sha256, long windowMs) {
            this.artifact = artifact;
            this.runtime = runtime;
            this.sha256 = sha256;
            this.windowMs = windowMs;
            FeatureSpec spec = artifact.featureSpec();
            this.features = new SlidingFeatures(spec, artifact.preprocessing());
            this.inputs = spec.inputs();
            this.settings = spec.settings();
            this.outputNames = runtime.outputNames().stream().map(DeviceModel::readingName)
                    .map(n -> TelemetryJson.READING_NAME.matcher(n).matches() ? n : null).toArray(String[]::new);
            this.outputs = new double[outputNames.length];
        }

        /** The sensors' threads call it, one at a time. */
        synchronized Map<String, Double> score(long tsMs, Map<String, Double> readings) {
            long start = tsMs - Math.floorMod(tsMs, windowMs);
            if (start + windowMs > sampledUpTo) {
                RunningStats[] w = open.computeIfAbsent(start, k -> newWindow());
                add(w, 0, inputs, tsMs, readings);
                add(w, inputs.size(), settings, tsMs, readings);
            }
            while (!open.isEmpty() && open.firstKey() + windowMs + GRACE_MS <= tsMs) {
                Map.Entry<Long, RunningStats[]> e = open.pollFirstEntry();
                sample(e.getKey() + windowMs, e.getValue());
            }
            if (!scored || inputs.stream().noneMatch(readings::containsKey)) {
                return readings;
            }
            Map<String, Double> out = new LinkedHashMap<>(readings);
            for (int o = 0; o < outputs.length; o++) {
                if (outputNames[o] != null && Double.isFinite(outputs[o])) {
                    out.putIfAbsent(outputNames[o], outputs[o]);
                }
            }
            return out;
        }

        private RunningStats[] newWindow() {
            RunningStats[] w = new RunningStats[inputs.size() + settings.size()];
            for (int i = 0; i < w.length; i++) {
                w[i] = new RunningStats();
            }
            return w;
        }

        private static void add(RunningStats[] w, int offset, List<String> names, long tsMs, Map<String, Double> readings) {
            for (int i = 0; i < names.size(); i++) {
                Double v = readings.get(names.get(i));
                if (v != null) {
                    w[offset + i].add(tsMs, v);
                }
            }
        }

        /** One sample: each name's window mean at the window's end, as the stream's model history keeps it. */
        private void sample(long endMs, RunningStats[] w) {
            double[] raw = new double[inputs.size()];
            double[] s = new double[settings.size()];
            for (int i = 0; i < raw.length; i++) {
                raw[i] = mean(w[i]);
            }
            for (int i = 0; i < s.length; i++) {
                s[i] = mean(w[raw.length + i]);
            }
            runtime.predictAll(features.next(endMs, s, raw), outputs);
            sampledUpTo = endMs;
            scored = true;
        }

        private static double mean(RunningStats stats) {
            WindowFeatures f = stats.features();
            return f.isEmpty() ? Double.NaN : f.mean();
        }
    }
}
