package dev.prognos.stream;

import dev.prognos.core.alert.Alert;
import dev.prognos.core.alert.AlertAck;
import dev.prognos.core.features.window.Cusum;
import dev.prognos.core.features.window.RobustStats;
import dev.prognos.core.features.window.RunningStats;
import dev.prognos.core.features.window.WindowFeatures;
import dev.prognos.core.telemetry.Telemetry;
import dev.prognos.stream.internal.AlertTrack;
import dev.prognos.stream.internal.Baseline;
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
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per device (the key), in event time: window features, the detectors of DESIGN.md §4 and the
 * alert lifecycle.
 *
 * <ol>
 *   <li>Readings are collected in tumbling event-time windows ({@link DetectorSettings#windowMs()},
 *       aligned on the epoch) with core's {@link RunningStats}. A window is evaluated when the
 *       watermark passes its end (an event-time timer).</li>
 *   <li>Detectors on the window: ISO 10816-3 zones C and D on the mean RMS velocity for the
 *       asset's machine class ({@code rule}); after a warm-up of
 *       {@link DetectorSettings#warmupWindows()} windows, a robust z-score of each reading's mean
 *       against the device's median/MAD baseline ({@code baseline}) and a two-sided CUSUM on those
 *       z-scores ({@code cusum}); and the {@link ModelDetector} seam ({@code model}).</li>
 *   <li>Alert lifecycle, one alert per (device, detector, condition): OPEN when a condition starts
 *       to hold (unless the device already has {@link DetectorSettings#maxOpenAlerts()} open:
 *       suppressed and counted); ACKNOWLEDGED or RESOLVED by a person from an {@link AlertAck} (the
 *       second input); RESOLVED automatically once the condition has stayed clear for
 *       {@link DetectorSettings#holdMs()} of event time (a timer). Hysteresis: an open condition
 *       clears only below its limit × {@link DetectorSettings#clearRatio()}.</li>
 *   <li>Late readings, whose window had already been evaluated, are never dropped: they are counted
 *       (metric {@value #LATE_METRIC}), emitted on the {@link #LATE} side output, and evaluated in a
 *       window of their own at the next watermark; alerts opened from them are marked
 *       {@link Alert#retroactive()}. They do not feed the baseline or CUSUM, which must see time in order.</li>
 * </ol>
 * Main output: alert state changes. Side outputs: {@link #HEALTH} (one per device and window) and {@link #LATE}.
 */
public class DeviceDetector extends KeyedCoProcessFunction<String, Telemetry, AlertAck, Alert> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(DeviceDetector.class);

    public static final OutputTag<DeviceHealth> HEALTH = new OutputTag<>("health", FlinkTypes.HEALTH);
    public static final OutputTag<Telemetry> LATE = new OutputTag<>("late-readings", FlinkTypes.TELEMETRY);

    /** Keyed state names: part of savepoints, keep them. */
    public static final String WINDOWS_STATE = "windows";
    public static final String BASELINE_STATE = "baseline";
    public static final String ALERTS_STATE = "alerts";

    public static final String LATE_METRIC = "lateReadings";
    public static final String SUPPRESSED_METRIC = "alertsSuppressed";
    public static final String UNKNOWN_ACK_METRIC = "acksForUnknownAlerts";

    public static final String RULE = "rule";
    public static final String BASELINE = "baseline";
    public static final String CUSUM = "cusum";

    private final DetectorSettings settings;
    private final ModelDetector model;

    private transient MapState<Long, OpenWindow> windows;
    private transient ValueState<Baseline> baseline;
    private transient MapState<String, AlertTrack> tracks;
    private transient Counter late;
    private transient Counter suppressed;
    private transient Counter unknownAcks;

    public DeviceDetector(DetectorSettings settings, ModelDetector model) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.model = Objects.requireNonNull(model, "model");
    }

    @Override
    public void open(OpenContext openContext) {
        windows = getRuntimeContext().getMapState(new MapStateDescriptor<>(WINDOWS_STATE, Types.LONG,
                TypeInformation.of(OpenWindow.class)));
        baseline = getRuntimeContext().getState(new ValueStateDescriptor<>(BASELINE_STATE, TypeInformation.of(Baseline.class)));
        tracks = getRuntimeContext().getMapState(new MapStateDescriptor<>(ALERTS_STATE, Types.STRING,
                TypeInformation.of(AlertTrack.class)));
        late = getRuntimeContext().getMetricGroup().counter(LATE_METRIC);
        suppressed = getRuntimeContext().getMetricGroup().counter(SUPPRESSED_METRIC);
        unknownAcks = getRuntimeContext().getMetricGroup().counter(UNKNOWN_ACK_METRIC);
    }

    @Override
    public void processElement1(Telemetry t, Context ctx, Collector<Alert> out) throws Exception {
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
        OpenWindow w = windows.get(start);
        if (w == null) {
            w = new OpenWindow();
            w.site = t.site();
            w.asset = t.asset();
            w.late = isLate;
            // Due now for a late window: it fires at the next watermark.
            ctx.timerService().registerEventTimeTimer(lastMs);
        }
        w.maxTs = Math.max(w.maxTs, t.ts());
        w.maxSeq = Math.max(w.maxSeq, t.seq());
        for (Map.Entry<String, Double> r : t.readings().entrySet()) {
            w.stats.computeIfAbsent(r.getKey(), k -> new RunningStats()).add(t.ts(), r.getValue());
        }
        windows.put(start, w);
    }

    @Override
    public void processElement2(AlertAck ack, Context ctx, Collector<Alert> out) throws Exception {
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
        List<Long> due = new ArrayList<>();
        for (Long start : windows.keys()) {
            if (start + settings.windowMs() - 1 <= timestamp) {
                due.add(start);
            }
        }
        due.sort(null);
        for (Long start : due) {
            OpenWindow w = windows.get(start);
            windows.remove(start);
            evaluate(ctx.getCurrentKey(), start, w, ctx, out);
        }
        List<String> resolved = new ArrayList<>();
        for (Map.Entry<String, AlertTrack> e : tracks.entries()) {
            AlertTrack track = e.getValue();
            if (!track.resolvedByPerson && track.clearSinceMs >= 0 && track.clearSinceMs + settings.holdMs() <= timestamp) {
                out.collect(track.alert.withState(Alert.State.RESOLVED, track.clearSinceMs + settings.holdMs()));
                LOG.info("Alert resolved: {} clear since {} for {} ms", track.alert.id(), track.clearSinceMs, settings.holdMs());
                resolved.add(e.getKey());
            }
        }
        for (String key : resolved) {
            tracks.remove(key);
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
            for (char zone : new char[] {'D', 'C'}) {
                double limit = zones.lowerBoundary(zone);
                String condition = "iso10816_zone>=" + zone;
                boolean active = vib.mean() >= (isTracked(RULE + "/" + condition) ? limit * settings.clearRatio() : limit);
                findings.add(new Finding(RULE, condition, active, zone == 'D' ? Alert.Severity.CRITICAL : Alert.Severity.WARNING,
                        IsoVibrationZones.READING, vib.mean(), limit, String.format(Locale.ROOT,
                        "vibration %.2f mm/s RMS is in ISO 10816-3 zone %s (%s, zone %s from %s mm/s)", vib.mean(),
                        zoneName, zones.optionName(), zone, ThresholdRule.plain(limit))));
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
                        settings.zThreshold(), String.format(Locale.ROOT, "%s mean %.3f is %.1f robust standard deviations "
                                + "from the device's baseline %.3f", reading, f.mean(), z, median)));
                if (!w.late) {
                    Cusum c = b.cusum.computeIfAbsent(reading, k -> new Cusum()).add(z, settings.cusumK());
                    cusums.put(reading, c.statistic());
                    String cCondition = "cusum(" + reading + ")>=" + ThresholdRule.plain(settings.cusumH());
                    double cLimit = isTracked(CUSUM + "/" + cCondition) ? settings.cusumH() * settings.clearRatio() : settings.cusumH();
                    findings.add(new Finding(CUSUM, cCondition, c.statistic() >= cLimit, Alert.Severity.WARNING, reading,
                            c.statistic(), settings.cusumH(), String.format(Locale.ROOT, "%s drifted from the device's "
                                    + "baseline %.3f: CUSUM %.1f", reading, median, c.statistic())));
                }
            }
        }
        baseline.update(b);
        findings.addAll(model.evaluate(device, w.asset, end, features));

        for (Finding f : findings) {
            apply(device, f, w, end, ctx, out);
        }
        ctx.output(HEALTH, new DeviceHealth(device, w.site, w.asset, start, end, w.late, features, zoneName, zScores,
                cusums, b.ready, openCount()));
    }

    private void learn(Baseline b, Map<String, WindowFeatures> features) {
        features.forEach((reading, f) -> {
            if (!f.isEmpty()) {
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
                if (openCount() >= settings.maxOpenAlerts()) {
                    suppressed.inc();
                    if (suppressed.getCount() <= 10 || suppressed.getCount() % 1000 == 0) {
                        LOG.warn("Alert suppressed: {} already has {} open alerts; {} {} ({} suppressed so far)", device,
                                settings.maxOpenAlerts(), f.detector(), f.condition(), suppressed.getCount());
                    }
                    return;
                }
                Alert alert = new Alert(Alert.idOf(device, f.detector(), f.condition(), w.maxTs), device, w.site, w.asset,
                        f.detector(), f.condition(), f.severity(), Alert.State.OPEN, f.reading(), f.value(), f.threshold(),
                        w.maxTs, w.maxSeq, f.message(), w.late, w.maxTs);
                out.collect(alert);
                tracks.put(f.key(), new AlertTrack(alert));
                LOG.info("Alert raised{}: {} {} {} at seq {}: {}", w.late ? " (retroactive)" : "", device, f.detector(),
                        f.condition(), w.maxSeq, f.message());
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
