package dev.prognos.stream;

import dev.prognos.core.alert.Alert;
import dev.prognos.core.alert.AlertAck;
import dev.prognos.core.features.window.Cusum;
import dev.prognos.core.features.window.RobustStats;
import dev.prognos.core.features.window.RunningStats;
import dev.prognos.core.features.window.WindowFeatures;
import dev.prognos.core.model.ModelArtifact;
import dev.prognos.core.model.ModelConditions;
import dev.prognos.core.model.ModelJson;
import dev.prognos.core.model.ModelOutput;
import dev.prognos.core.model.ModelRuntime;
import dev.prognos.core.model.ModelVerifier;
import dev.prognos.stream.internal.AlertTrack;
import dev.prognos.stream.internal.Baseline;
import dev.prognos.stream.internal.DeviceInput;
import dev.prognos.stream.internal.ModelHistory;
import dev.prognos.stream.internal.ModelScoring;
import dev.prognos.stream.internal.OpenWindow;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per device (the key), in event time: window features, the detectors of DESIGN.md §4 and the
 * alert lifecycle.
 *
 * <ol>
 *   <li>A reading whose (device, seq) was already seen is dropped first ({@link Deduplicator}, in
 *       this operator because it has the same key: no extra round trip per reading). The seqs seen
 *       and the device's newest open window share one keyed value ({@value #INPUT_STATE},
 *       {@link DeviceInput}): a reading costs one state read and one write. Older open windows (the
 *       previous one waiting for the watermark, late ones) are in the map state {@value #WINDOWS_STATE}.</li>
 *   <li>Readings are collected in tumbling event-time windows ({@link DetectorSettings#windowMs()},
 *       aligned on the epoch) with core's {@link RunningStats}. A window is evaluated when the
 *       watermark passes its end (an event-time timer).</li>
 *   <li>Detectors on the window: ISO 10816-3 zones C and D on the mean RMS velocity for the
 *       asset's machine class ({@code rule}); after a warm-up of
 *       {@link DetectorSettings#warmupWindows()} windows, a robust z-score of each reading's mean
 *       against the device's median/MAD baseline ({@code baseline}) and a two-sided CUSUM on those
 *       z-scores ({@code cusum}); and the deployed model of the asset type ({@code model}): its
 *       RUL below {@link ModelSettings#rulHorizon()} or its failure probability at or above
 *       {@link ModelSettings#failureThreshold()}, scored with core's runtime on core's
 *       {@code SlidingFeatures} over the device's last on-time windows ({@link ModelScoring}).</li>
 *   <li>Models arrive on the broadcast input ({@link ModelMessage}, from {@code prognos.models}) and
 *       go through core's {@link ModelVerifier} (trusted keys, signature, asset type = the record's
 *       key, feature spec, newer version) before they are kept in broadcast state {@value #MODELS_STATE}
 *       (asset type → artifact bytes). A refused one is counted ({@value #MODELS_REFUSED_METRIC}) and
 *       logged, and the model in use stays.</li>
 *   <li>Alert lifecycle, one alert per (device, detector, condition): OPEN when a condition starts
 *       to hold (unless the device already has {@link DetectorSettings#maxOpenAlerts()} open and it
 *       is not CRITICAL: suppressed and counted); ACKNOWLEDGED or RESOLVED by a person from an {@link AlertAck} (the
 *       keyed input carries readings and acknowledgements, {@link Either#Left} and {@link Either#Right}); RESOLVED automatically once the condition has stayed clear for
 *       {@link DetectorSettings#holdMs()} of event time (a timer). Hysteresis: an open condition
 *       clears only below its limit × {@link DetectorSettings#clearRatio()}.</li>
 *   <li>Late readings, whose window had already been evaluated, are never dropped: they are counted
 *       (metric {@value #LATE_METRIC}), emitted on the {@link #LATE} side output, and evaluated in a
 *       window of their own at the next watermark; alerts opened from them are marked
 *       {@link Alert#retroactive()}. They do not feed the baseline or CUSUM, which must see time in order.</li>
 * </ol>
 * Main output: alert state changes. Side outputs: {@link #HEALTH} (one per device and window) and {@link #LATE}.
 */
public class DeviceDetector extends KeyedBroadcastProcessFunction<String, Either<Reading, AlertAck>, ModelMessage, Alert> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(DeviceDetector.class);

    public static final OutputTag<DeviceHealth> HEALTH = new OutputTag<>("health", FlinkTypes.HEALTH);
    public static final OutputTag<Reading> LATE = new OutputTag<>("late-readings", FlinkTypes.READING);

    /** Keyed state names: part of savepoints, keep them. */
    public static final String INPUT_STATE = "device-input";
    public static final String WINDOWS_STATE = "windows";
    public static final String BASELINE_STATE = "baseline";
    public static final String ALERTS_STATE = "alerts";
    public static final String MODEL_HISTORY_STATE = "model-history";
    public static final String MODELS_STATE = "models";

    /** Broadcast state: asset type → the accepted artifact, its JSON bytes as published. */
    public static final MapStateDescriptor<String, byte[]> MODELS =
            new MapStateDescriptor<>(MODELS_STATE, Types.STRING, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);

    public static final String LATE_METRIC = "lateReadings";
    public static final String SUPPRESSED_METRIC = "alertsSuppressed";
    public static final String UNKNOWN_ACK_METRIC = "acksForUnknownAlerts";
    public static final String MODELS_ACCEPTED_METRIC = "modelsAccepted";
    public static final String MODELS_REFUSED_METRIC = "modelsRefused";

    /** Automatic alert transitions logged at INFO: the first ones of a subtask, then every so many. */
    static final int LOG_FIRST = 10;
    static final int LOG_EVERY = 1000;

    public static final String RULE = "rule";
    public static final String BASELINE = "baseline";
    public static final String CUSUM = "cusum";
    public static final String MODEL = "model";

    private final DetectorSettings settings;
    private final ModelSettings models;
    private final Deduplicator dedup;

    /** Per device: the seqs seen and the newest open window, read and written once per reading. */
    private transient ValueState<DeviceInput> input;
    /** Per device: its other open windows (waiting for the watermark, or opened by late readings), by start. */
    private transient MapState<Long, OpenWindow> windows;
    private transient ValueState<Baseline> baseline;
    private transient MapState<String, AlertTrack> tracks;
    private transient Counter late;
    private transient Counter suppressed;
    private transient Counter unknownAcks;
    private transient ValueState<ModelHistory> history;
    private transient Counter modelsAccepted;
    private transient Counter modelsRefused;
    /** Alerts this subtask raised, and resolved once clear for the hold time: for its log lines. */
    private transient long raised;
    private transient long autoResolved;
    /** Compiled models per asset type, rebuilt from the broadcast state after a restore. */
    private transient Map<String, Deployed> deployed;

    /** An accepted artifact, compiled. */
    private record Deployed(ModelArtifact artifact, ModelRuntime runtime, int rul, int probability) {
        static Deployed of(ModelArtifact artifact, ModelRuntime runtime) {
            return new Deployed(artifact, runtime, runtime.outputIndex(ModelSettings.RUL_OUTPUT),
                    runtime.outputIndex(ModelSettings.FAILURE_PROBABILITY_OUTPUT));
        }
    }

    /** Duplicates remembered for {@link StreamJobOptions#DEFAULT_DEDUP_TTL_MS}. */
    public DeviceDetector(DetectorSettings settings, ModelSettings models) {
        this(settings, models, StreamJobOptions.DEFAULT_DEDUP_TTL_MS);
    }

    /** @param dedupTtlMs a device's seen seqs are forgotten after this long without a new reading, ms of processing time */
    public DeviceDetector(DetectorSettings settings, ModelSettings models, long dedupTtlMs) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.models = Objects.requireNonNull(models, "models");
        this.dedup = new Deduplicator(dedupTtlMs);
    }

    @Override
    public void open(OpenContext openContext) {
        input = getRuntimeContext().getState(new ValueStateDescriptor<>(INPUT_STATE, TypeInformation.of(DeviceInput.class)));
        windows = getRuntimeContext().getMapState(new MapStateDescriptor<>(WINDOWS_STATE, Types.LONG,
                TypeInformation.of(OpenWindow.class)));
        baseline = getRuntimeContext().getState(new ValueStateDescriptor<>(BASELINE_STATE, TypeInformation.of(Baseline.class)));
        tracks = getRuntimeContext().getMapState(new MapStateDescriptor<>(ALERTS_STATE, Types.STRING,
                TypeInformation.of(AlertTrack.class)));
        late = getRuntimeContext().getMetricGroup().counter(LATE_METRIC);
        suppressed = getRuntimeContext().getMetricGroup().counter(SUPPRESSED_METRIC);
        unknownAcks = getRuntimeContext().getMetricGroup().counter(UNKNOWN_ACK_METRIC);
        history = getRuntimeContext().getState(new ValueStateDescriptor<>(MODEL_HISTORY_STATE,
                TypeInformation.of(ModelHistory.class)));
        modelsAccepted = getRuntimeContext().getMetricGroup().counter(MODELS_ACCEPTED_METRIC);
        modelsRefused = getRuntimeContext().getMetricGroup().counter(MODELS_REFUSED_METRIC);
        deployed = new HashMap<>();
        dedup.open(getRuntimeContext());
    }

    /** Models this instance refused so far (also the metric {@value #MODELS_REFUSED_METRIC}); for tests. */
    long modelsRefused() {
        return modelsRefused.getCount();
    }

    /** The device of a keyed input element: the key. */
    public static String deviceOf(Either<Reading, AlertAck> in) {
        return in.isLeft() ? in.left().device() : in.right().device();
    }

    @Override
    public void processElement(Either<Reading, AlertAck> in, ReadOnlyContext ctx, Collector<Alert> out) throws Exception {
        if (in.isLeft()) {
            reading(in.left(), ctx, out);
        } else {
            ack(in.right(), out);
        }
    }

    /**
     * A model from {@code prognos.models}: kept only if core's verifier accepts it for the asset type
     * it was published under (the record's key) and it is newer than the one in use. Every parallel
     * instance sees every model and decides the same way, so the broadcast state stays identical.
     */
    @Override
    public void processBroadcastElement(ModelMessage m, Context ctx, Collector<Alert> out) throws Exception {
        BroadcastState<String, byte[]> state = ctx.getBroadcastState(MODELS);
        String asset = m.assetType() == null ? "" : m.assetType();
        Deployed current = deployed(asset, state.get(asset));
        long currentVersion = current == null ? Long.MIN_VALUE : current.artifact().version();
        ModelVerifier.Verdict verdict;
        if (asset.isEmpty() || m.artifact() == null) {
            verdict = new ModelVerifier.Verdict(null, null, ModelVerifier.Refusal.MALFORMED,
                    "the record has no key (asset type) or no value");
        } else {
            verdict = new ModelVerifier(models.trustedKeys(), asset, null).verify(m.artifact(), currentVersion);
        }
        if (!verdict.accepted()) {
            modelsRefused.inc();
            LOG.warn("Model for '{}' refused ({}): {}; {} ({} refused so far by this subtask)", asset, verdict.refusal(),
                    verdict.reason(), current == null ? "no model in use" : "keeping version " + currentVersion,
                    modelsRefused.getCount());
            return;
        }
        state.put(asset, m.artifact());
        deployed.put(asset, Deployed.of(verdict.artifact(), verdict.runtime()));
        modelsAccepted.inc();
        LOG.info("Model for '{}' in use: {} version {} signed by {} (was {})", asset, verdict.artifact().name(),
                verdict.artifact().version(), verdict.artifact().signature().keyId(),
                current == null ? "none" : "version " + currentVersion);
    }

    /** The compiled model of the asset: cached, else compiled from the (already verified) bytes in state. */
    private Deployed deployed(String asset, byte[] json) {
        if (json == null) {
            return null;
        }
        Deployed d = deployed.get(asset);
        if (d == null) {
            ModelArtifact a = ModelJson.read(json);
            d = Deployed.of(a, ModelRuntime.of(a));
            deployed.put(asset, d);
        }
        return d;
    }

    private void reading(Reading t, ReadOnlyContext ctx, Collector<Alert> out) throws Exception {
        DeviceInput in = input.value();
        if (in == null) {
            in = new DeviceInput();
        }
        if (!dedup.isNew(in, t.seq(), ctx.timerService().currentProcessingTime(), ctx.timerService())) {
            return;
        }
        long start = t.ts() - Math.floorMod(t.ts(), settings.windowMs());
        long lastMs = start + settings.windowMs() - 1;
        boolean isLate = lastMs <= ctx.timerService().currentWatermark();
        if (isLate) {
            late.inc();
            ctx.output(LATE, t);
            if (late.getCount() <= 10 || late.getCount() % 1000 == 0) {
                LOG.info("Late reading: {} seq {} at {} arrived after its window closed (watermark {}); "
                        + "evaluated retroactively ({} late so far)", t.device(), t.seq(), t.ts(),
                        ctx.timerService().currentWatermark(), late.getCount());
            }
        }
        OpenWindow open = in.open;
        if (open != null && open.start == start) {
            // The common case: the device's newest window, in the value read anyway.
            add(open, t);
        } else if (open == null || start > open.start) {
            // A newer window: the one open so far waits for the watermark in the map.
            if (open != null) {
                windows.put(open.start, open);
            }
            OpenWindow w = windows.get(start);
            if (w != null) {
                // Opened before (a window of a checkpoint that kept every window in the map).
                windows.remove(start);
                w.start = start;
            } else {
                w = newWindow(t, start, isLate, ctx);
            }
            add(w, t);
            in.open = w;
        } else {
            // An older window than the newest (out of order within a device, or late).
            OpenWindow w = windows.get(start);
            if (w == null) {
                w = newWindow(t, start, isLate, ctx);
            }
            add(w, t);
            windows.put(start, w);
        }
        input.update(in);
    }

    private OpenWindow newWindow(Reading t, long start, boolean isLate, ReadOnlyContext ctx) {
        OpenWindow w = new OpenWindow();
        w.start = start;
        w.site = t.site();
        w.asset = t.asset();
        w.late = isLate;
        // Due now for a late window: it fires at the next watermark.
        ctx.timerService().registerEventTimeTimer(start + settings.windowMs() - 1);
        return w;
    }

    private static void add(OpenWindow w, Reading t) {
        w.maxTs = Math.max(w.maxTs, t.ts());
        w.maxSeq = Math.max(w.maxSeq, t.seq());
        for (int i = 0, n = t.size(); i < n; i++) {
            String name = t.name(i);
            RunningStats s = w.stats.get(name);
            if (s == null) {
                s = new RunningStats();
                w.stats.put(name, s);
            }
            s.add(t.ts(), t.value(i));
        }
    }

    private void ack(AlertAck ack, Collector<Alert> out) throws Exception {
        for (Map.Entry<String, AlertTrack> e : tracks.entries()) {
            AlertTrack track = e.getValue();
            if (!track.alert.id().equals(ack.alertId()) || track.resolvedByPerson) {
                continue;
            }
            if (ack.action() == AlertAck.Action.ACKNOWLEDGE) {
                if (track.alert.state() == Alert.State.OPEN) {
                    track.alert = track.alert.withState(Alert.State.ACKNOWLEDGED, ack.ts());
                    out.collect(track.alert);
                    LOG.info("Alert acknowledged by {}: {}", ack.by(), ack.alertId());
                }
            } else {
                track.alert = track.alert.withState(Alert.State.RESOLVED, ack.ts());
                track.resolvedByPerson = true;
                track.clearSinceMs = -1;
                out.collect(track.alert);
                LOG.info("Alert resolved by {}: {}", ack.by(), ack.alertId());
            }
            tracks.put(e.getKey(), track);
            return;
        }
        unknownAcks.inc();
        LOG.info("Acknowledgement for an alert that is not open: {} ({} by {})", ack.alertId(), ack.action(), ack.by());
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        DeviceInput in = input.value();
        if (ctx.timeDomain() == TimeDomain.PROCESSING_TIME) {
            // The only processing-time timer: the deduplicator's time-to-live.
            if (in != null) {
                dedup.onExpiryTimer(in, timestamp, ctx.timerService());
                store(in);
            }
            return;
        }
        List<Long> due = new ArrayList<>();
        for (Long start : windows.keys()) {
            if (start + settings.windowMs() - 1 <= timestamp) {
                due.add(start);
            }
        }
        boolean openDue = in != null && in.open != null && in.open.start + settings.windowMs() - 1 <= timestamp;
        if (openDue) {
            due.add(in.open.start);
        }
        due.sort(null);
        for (Long start : due) {
            OpenWindow w;
            if (openDue && in.open != null && start == in.open.start) {
                w = in.open;
                in.open = null;
            } else {
                w = windows.get(start);
                windows.remove(start);
            }
            evaluate(ctx.getCurrentKey(), start, w, ctx, out);
        }
        if (openDue) {
            store(in);
        }
        List<String> resolved = new ArrayList<>();
        for (Map.Entry<String, AlertTrack> e : tracks.entries()) {
            AlertTrack track = e.getValue();
            if (!track.resolvedByPerson && track.clearSinceMs >= 0 && track.clearSinceMs + settings.holdMs() <= timestamp) {
                out.collect(track.alert.withState(Alert.State.RESOLVED, track.clearSinceMs + settings.holdMs()));
                autoResolved++;
                if (worthInfo(autoResolved)) {
                    LOG.info("Alert resolved: {} clear since {} for {} ms ({} resolved automatically so far by this subtask; "
                            + "each at DEBUG)", track.alert.id(), track.clearSinceMs, settings.holdMs(), autoResolved);
                } else {
                    LOG.debug("Alert resolved: {} clear since {} for {} ms", track.alert.id(), track.clearSinceMs, settings.holdMs());
                }
                resolved.add(e.getKey());
            }
        }
        for (String key : resolved) {
            tracks.remove(key);
        }
    }

    /** Writes the device's input state back, or clears it once nothing in it is left. */
    private void store(DeviceInput in) throws Exception {
        if (in.isEmpty()) {
            input.clear();
        } else {
            input.update(in);
        }
    }

    private void evaluate(String device, long start, OpenWindow w, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        long end = start + settings.windowMs();
        Map<String, WindowFeatures> features = new TreeMap<>();
        w.stats.forEach((name, s) -> features.put(name, s.features()));
        List<Finding> findings = new ArrayList<>();

        String zoneName = "";
        WindowFeatures vib = features.get(IsoVibrationZones.READING);
        if (vib != null && !vib.isEmpty()) {
            IsoVibrationZones zones = settings.zonesFor(w.asset);
            zoneName = String.valueOf(zones.zone(vib.mean()));
            String zoneNow = zoneName;
            for (char zone : new char[] {'D', 'C'}) {
                double limit = zones.lowerBoundary(zone);
                String condition = "iso10816_zone>=" + zone;
                boolean active = vib.mean() >= (isTracked(RULE + "/" + condition) ? limit * settings.clearRatio() : limit);
                findings.add(new Finding(RULE, condition, active, zone == 'D' ? Alert.Severity.CRITICAL : Alert.Severity.WARNING,
                        IsoVibrationZones.READING, vib.mean(), limit, () -> String.format(Locale.ROOT,
                        "vibration %.2f mm/s RMS is in ISO 10816-3 zone %s (%s, zone %s from %s mm/s)", vib.mean(),
                        zoneNow, zones.optionName(), zone, ThresholdRule.plain(limit))));
            }
        }

        Baseline b = baseline.value();
        if (b == null) {
            b = new Baseline();
        }
        Map<String, Double> zScores = new TreeMap<>();
        Map<String, Double> cusums = new TreeMap<>();
        if (!b.ready) {
            if (!w.late) {
                learn(b, features);
            }
        } else {
            for (Map.Entry<String, Double> m : b.median.entrySet()) {
                WindowFeatures f = features.get(m.getKey());
                if (f == null || f.isEmpty()) {
                    continue;
                }
                String reading = m.getKey();
                double median = m.getValue();
                double minSigma = Math.max(Math.abs(median) * settings.minSpreadRatio(), 1e-9);
                double z = RobustStats.z(f.mean(), median, b.mad.get(reading), minSigma);
                zScores.put(reading, z);
                String zCondition = "|z(" + reading + ")|>=" + ThresholdRule.plain(settings.zThreshold());
                double zLimit = isTracked(BASELINE + "/" + zCondition) ? settings.zThreshold() * settings.clearRatio() : settings.zThreshold();
                findings.add(new Finding(BASELINE, zCondition, Math.abs(z) >= zLimit, Alert.Severity.WARNING, reading, z,
                        settings.zThreshold(), () -> String.format(Locale.ROOT, "%s mean %.3f is %.1f robust standard deviations "
                                + "from the device's baseline %.3f", reading, f.mean(), z, median)));
                if (!w.late) {
                    Cusum c = b.cusum.computeIfAbsent(reading, k -> new Cusum()).add(z, settings.cusumK());
                    double cusum = c.statistic();
                    cusums.put(reading, cusum);
                    String cCondition = "cusum(" + reading + ")>=" + ThresholdRule.plain(settings.cusumH());
                    double cLimit = isTracked(CUSUM + "/" + cCondition) ? settings.cusumH() * settings.clearRatio() : settings.cusumH();
                    findings.add(new Finding(CUSUM, cCondition, cusum >= cLimit, Alert.Severity.WARNING, reading,
                            cusum, settings.cusumH(), () -> String.format(Locale.ROOT, "%s drifted from the device's "
                                    + "baseline %.3f: CUSUM %.1f", reading, median, cusum)));
                }
            }
        }
        baseline.update(b);
        double[] scores = w.late ? null : score(w.asset, end, features, ctx.getBroadcastState(MODELS));
        if (scores != null) {
            findings.addAll(modelFindings(scores));
        }

        for (Finding f : findings) {
            apply(device, f, w, end, ctx, out);
        }
        ctx.output(HEALTH, new DeviceHealth(device, w.site, w.asset, start, end, w.late, features, zoneName, zScores,
                cusums, b.ready, openCount(), scores == null ? 0 : (long) scores[0],
                scores == null ? Double.NaN : scores[1], scores == null ? Double.NaN : scores[2]));
    }

    /**
     * Adds the window to the device's model history and scores the asset's model on it.
     *
     * @return {version, rul, failure probability} (NaN for an output the model lacks), or null without a model
     */
    private double[] score(String asset, long end, Map<String, WindowFeatures> features,
                           ReadOnlyBroadcastState<String, byte[]> state) throws Exception {
        ModelHistory h = history.value();
        if (h == null) {
            h = new ModelHistory();
        }
        ModelScoring.append(h, end, features, models.historyWindows());
        history.update(h);
        Deployed d = deployed(asset, state.get(asset));
        if (d == null) {
            return null;
        }
        double[] x = ModelScoring.features(d.artifact(), h);
        return new double[] {d.artifact().version(),
                d.rul() < 0 ? Double.NaN : d.runtime().predict(d.rul(), x),
                d.probability() < 0 ? Double.NaN : d.runtime().predict(d.probability(), x)};
    }

    /** Detector 3: RUL below the horizon, failure probability at or above the threshold (with hysteresis). */
    private List<Finding> modelFindings(double[] scores) throws Exception {
        List<Finding> found = new ArrayList<>(2);
        double rul = scores[1];
        if (!Double.isNaN(rul)) {
            String condition = ModelConditions.rulBelow(models.rulHorizon());
            boolean holds = ModelConditions.rulHolds(rul, models.rulHorizon(), isTracked(MODEL + "/" + condition), settings.clearRatio());
            found.add(new Finding(MODEL, condition, holds, Alert.Severity.WARNING, ModelSettings.RUL_OUTPUT, rul,
                    models.rulHorizon(), () -> String.format(Locale.ROOT, "model version %d predicts a remaining useful life "
                            + "of %.1f, below the horizon %s", (long) scores[0], rul, ThresholdRule.plain(models.rulHorizon()))));
        }
        double p = scores[2];
        if (!Double.isNaN(p)) {
            String condition = ModelConditions.probabilityAtLeast(models.failureThreshold());
            boolean holds = ModelConditions.probabilityHolds(p, models.failureThreshold(), isTracked(MODEL + "/" + condition),
                    settings.clearRatio());
            found.add(new Finding(MODEL, condition, holds, Alert.Severity.WARNING,
                    ModelSettings.FAILURE_PROBABILITY_OUTPUT, p, models.failureThreshold(), () -> String.format(Locale.ROOT,
                    "model version %d predicts a failure probability of %.3f, at or above %s", (long) scores[0], p,
                    ThresholdRule.plain(models.failureThreshold()))));
        }
        return found;
    }

    private void learn(Baseline b, Map<String, WindowFeatures> features) {
        features.forEach((reading, f) -> {
            // An edge model's outputs (model_rul, ...) follow whatever model the device runs: no
            // normal range of the machine to learn there.
            if (!f.isEmpty() && !reading.startsWith(ModelOutput.DEVICE_READING_PREFIX)) {
                double[] old = b.warmup.getOrDefault(reading, new double[0]);
                double[] grown = java.util.Arrays.copyOf(old, old.length + 1);
                grown[old.length] = f.mean();
                b.warmup.put(reading, grown);
            }
        });
        b.windows++;
        if (b.windows >= settings.warmupWindows()) {
            b.warmup.forEach((reading, values) -> {
                b.median.put(reading, RobustStats.median(values));
                b.mad.put(reading, RobustStats.mad(values));
            });
            b.warmup = new HashMap<>();
            b.ready = true;
        }
    }

    private void apply(String device, Finding f, OpenWindow w, long end, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        AlertTrack track = tracks.get(f.key());
        if (f.active()) {
            if (track == null) {
                // The cap holds back warnings only: a CRITICAL condition (ISO zone D) always opens,
                // even when a drifting device has filled the cap with baseline warnings first.
                if (f.severity() != Alert.Severity.CRITICAL && openCount() >= settings.maxOpenAlerts()) {
                    suppressed.inc();
                    if (suppressed.getCount() <= 10 || suppressed.getCount() % 1000 == 0) {
                        LOG.warn("Alert suppressed: {} already has {} open alerts; {} {} ({} suppressed so far)", device,
                                settings.maxOpenAlerts(), f.detector(), f.condition(), suppressed.getCount());
                    }
                    return;
                }
                Alert alert = new Alert(Alert.idOf(device, f.detector(), f.condition(), w.maxTs), device, w.site, w.asset,
                        f.detector(), f.condition(), f.severity(), Alert.State.OPEN, f.reading(), f.value(), f.threshold(),
                        w.maxTs, w.maxSeq, f.message().text(), w.late, w.maxTs);
                out.collect(alert);
                tracks.put(f.key(), new AlertTrack(alert));
                raised++;
                if (worthInfo(raised)) {
                    LOG.info("Alert raised{}: {} {} {} at seq {}: {} ({} raised so far by this subtask; each at DEBUG)",
                            w.late ? " (retroactive)" : "", device, f.detector(), f.condition(), w.maxSeq, alert.message(), raised);
                } else if (LOG.isDebugEnabled()) {
                    LOG.debug("Alert raised{}: {} {} {} at seq {}: {}", w.late ? " (retroactive)" : "", device, f.detector(),
                            f.condition(), w.maxSeq, alert.message());
                }
            } else if (track.clearSinceMs >= 0 && !w.late) {
                // Back before the hold time ran out: the same alert stays open.
                track.clearSinceMs = -1;
                tracks.put(f.key(), track);
            }
        } else if (track != null && !w.late) {
            if (track.resolvedByPerson) {
                tracks.remove(f.key());
            } else if (track.clearSinceMs < 0) {
                track.clearSinceMs = end;
                tracks.put(f.key(), track);
                ctx.timerService().registerEventTimeTimer(end + settings.holdMs());
            }
        }
    }

    /**
     * Whether the {@code count}th event of a kind a subtask sees in bulk is logged at INFO: the first
     * {@value #LOG_FIRST}, then every {@value #LOG_EVERY}th; the others at DEBUG. Alerts raised or
     * resolved automatically are the job's output (on {@code prognos.alerts}), and a line per alert
     * cost about a tenth of the detector's time in a fleet whose alerts open and close every few
     * windows; late readings ({@code TelemetryAlertJob.LateLog}) likewise.
     */
    static boolean worthInfo(long count) {
        return count <= LOG_FIRST || count % LOG_EVERY == 0;
    }

    private boolean isTracked(String key) throws Exception {
        return tracks.contains(key);
    }

    private int openCount() throws Exception {
        int n = 0;
        for (AlertTrack t : tracks.values()) {
            if (!t.resolvedByPerson) {
                n++;
            }
        }
        return n;
    }
}
