package dev.prognos.stream;

import dev.prognos.core.alert.Alert;
import dev.prognos.core.telemetry.Telemetry;
import dev.prognos.simulators.FleetPlan;
import dev.prognos.simulators.GroundTruth;
import dev.prognos.simulators.SimulatorOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Detection quality on the simulators' ground truth (a harness printing figures, not a test). The
 * simulated fleet of {@code simulators} (its {@link FleetPlan}: degrading pumps, each with a fault
 * onset and a failure time) is sampled in event time, faster than real time, up to each pump's
 * failure; the readings go through the whole job (in memory, local MiniCluster, default options
 * unless given); every OPEN alert is scored against the pump's ground truth:
 * <ul>
 *   <li>a failure is <b>alerted before it happens</b> when the pump has an OPEN alert between its
 *       fault's onset and its failure; the <b>lead time</b> is failure − the first such alert;</li>
 *   <li>an OPEN alert before the bearing wear's onset is a <b>false alert</b> unless a second fault
 *       of the pump (imbalance, misalignment, overheating: its other ground truths) had begun by then,
 *       which makes it a true alert of that fault, counted apart; the rate is per device-day before
 *       the bearing wear's onset.</li>
 * </ul>
 * Arguments: {@code --devices N} (20), {@code --seed S} (1), {@code --rate-hz R} (1),
 * {@code --failure-min D} / {@code --failure-max D} (PT30M / PT4H, ISO-8601 durations),
 * {@code --ground-truth FILE} (also write every fault's ground truth there, in the simulators' CSV);
 * after {@code --}, options of the job as {@code ./prognos stream} takes them (e.g.
 * {@code --max-open-alerts 20}, or {@code --archive-dir file:///tmp/archive} for the trainer's input).
 */
public final class DetectionQualityBench {

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new HashMap<>();
        int i0 = 0;
        for (; i0 + 1 < args.length && !args[i0].equals("--"); i0 += 2) {
            a.put(args[i0], args[i0 + 1]);
        }
        String[] jobArgs = i0 < args.length ? java.util.Arrays.copyOfRange(args, i0 + 1, args.length) : new String[0];
        dev.prognos.stream.internal.StreamJobCli cli = new dev.prognos.stream.internal.StreamJobCli();
        new picocli.CommandLine(cli).parseArgs(jobArgs);
        StreamJobOptions jobOptions = cli.options();
        int devices = Integer.parseInt(a.getOrDefault("--devices", "20"));
        long seed = Long.parseLong(a.getOrDefault("--seed", "1"));
        double rateHz = Double.parseDouble(a.getOrDefault("--rate-hz", "1"));
        Duration min = Duration.parse(a.getOrDefault("--failure-min", "PT30M"));
        Duration max = Duration.parse(a.getOrDefault("--failure-max", "PT4H"));
        SimulatorOptions sim = SimulatorOptions.builder().devices(devices).seed(seed).rateHz(rateHz).failureMin(min)
                .failureMax(max).broker("tcp://127.0.0.1:1883").build();
        long start = 1_795_400_000_000L;
        List<FleetPlan.Device> fleet = FleetPlan.of(sim, start);
        if (a.containsKey("--ground-truth")) {
            GroundTruth.writeCsv(java.nio.file.Path.of(a.get("--ground-truth")),
                    fleet.stream().flatMap(d -> d.machine().groundTruths().stream()).toList());
        }

        long periodMs = Math.round(1000 / rateHz);
        List<Telemetry> readings = new ArrayList<>();
        Map<String, GroundTruth> truth = new TreeMap<>();
        Map<String, Long> secondOnset = new HashMap<>();
        long last = 0;
        for (FleetPlan.Device d : fleet) {
            GroundTruth t = d.machine().groundTruth();
            truth.put(d.id(), t);
            secondOnset.put(d.id(), d.machine().groundTruths().stream().skip(1).mapToLong(GroundTruth::onsetMillis)
                    .min().orElse(Long.MAX_VALUE));
            last = Math.max(last, t.failureMillis());
        }
        // Every pump up to its failure, in event-time order across the fleet.
        long[] seq = new long[fleet.size()];
        for (long ts = start; ts < last; ts += periodMs) {
            for (int i = 0; i < fleet.size(); i++) {
                FleetPlan.Device d = fleet.get(i);
                if (ts < d.machine().groundTruth().failureMillis()) {
                    readings.add(Telemetry.of(d.id(), "sim", d.machine().assetType(), ++seq[i], ts, d.machine().sample(ts)));
                }
            }
        }
        System.out.printf(Locale.ROOT, "detection quality: %d simulated pumps (seed %d, failures %s to %s after start), "
                + "%d readings at %.2f Hz; job options: defaults %s%n", devices, seed, min, max, readings.size(), rateHz,
                jobArgs.length == 0 ? "" : "and " + String.join(" ", jobArgs));

        TelemetryAlertJobTest.AlertSink.VALUES.clear();
        long t0 = System.nanoTime();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2);
        new TelemetryAlertJob(TelemetryAlertJobTest.connectors(readings, List.of(), List.of()), jobOptions)
                .execute(env);
        System.out.printf(Locale.ROOT, "job ran in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        List<Alert> opened = TelemetryAlertJobTest.AlertSink.VALUES.stream()
                .filter(x -> x.state() == Alert.State.OPEN).sorted(Comparator.comparingLong(Alert::ts)).toList();

        System.out.printf(Locale.ROOT, "%d pumps have a second fault%n",
                secondOnset.values().stream().filter(v -> v != Long.MAX_VALUE).count());
        score("all detectors", opened, truth, secondOnset);
        for (String detector : List.of(DeviceDetector.RULE, DeviceDetector.BASELINE, DeviceDetector.CUSUM)) {
            score(detector, opened.stream().filter(x -> x.detector().equals(detector)).toList(), truth, secondOnset);
        }
    }

    private static void score(String what, List<Alert> opened, Map<String, GroundTruth> truth, Map<String, Long> secondOnset) {
        int detected = 0;
        int falseAlerts = 0;
        int secondFault = 0;
        double healthyDays = 0;
        List<Double> leadsMin = new ArrayList<>();
        for (GroundTruth t : truth.values()) {
            healthyDays += (t.onsetMillis() - 1_795_400_000_000L) / 86_400_000.0;
            Alert first = null;
            for (Alert x : opened) {
                if (!x.device().equals(t.device())) {
                    continue;
                }
                if (x.ts() < t.onsetMillis() && x.ts() >= secondOnset.get(t.device())) {
                    secondFault++;
                } else if (x.ts() < t.onsetMillis()) {
                    falseAlerts++;
                } else if (x.ts() < t.failureMillis() && first == null) {
                    first = x;
                }
            }
            if (first != null) {
                detected++;
                leadsMin.add((t.failureMillis() - first.ts()) / 60_000.0);
            }
        }
        leadsMin.sort(null);
        double median = leadsMin.isEmpty() ? Double.NaN : leadsMin.size() % 2 == 1 ? leadsMin.get(leadsMin.size() / 2)
                : (leadsMin.get(leadsMin.size() / 2 - 1) + leadsMin.get(leadsMin.size() / 2)) / 2;
        System.out.printf(Locale.ROOT, "%-14s alerted before failure %d/%d (%.0f %%), median lead time %.1f min "
                        + "(min %.1f, max %.1f), false alerts %d = %.2f per device-day (%.2f device-days before the "
                        + "bearing wear), alerts of a second fault before it %d%n",
                what, detected, truth.size(), 100.0 * detected / truth.size(), median,
                leadsMin.isEmpty() ? Double.NaN : leadsMin.get(0), leadsMin.isEmpty() ? Double.NaN : leadsMin.get(leadsMin.size() - 1),
                falseAlerts, falseAlerts / healthyDays, healthyDays, secondFault);
    }

    private DetectionQualityBench() {
    }
}
