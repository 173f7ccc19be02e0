package dev.prognos.trainer;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;

/** The summary table of an archive run, on stderr (stdout carries the result lines). */
final class ArchiveSummary {

    private ArchiveSummary() {
    }

    static void print(PrintStream err, ArchiveTrainer.Result r, Path dir) {
        err.println();
        err.println("Cross-validation (grouped by device, training devices only; RMSE in hours):");
        err.printf(Locale.ROOT, "  %-45s %9s %9s  %s%n", "candidate", "mean RMSE", "seconds", "folds");
        for (CmapssTrainer.CvRow row : r.cv().rows()) {
            StringBuilder f = new StringBuilder();
            for (double x : row.foldRmse()) {
                f.append(String.format(Locale.ROOT, "%.3f ", x));
            }
            err.printf(Locale.ROOT, "  %-45s %9.3f %9.1f  %s%s%n", row.candidate(), row.meanRmse(), row.seconds(),
                    f.toString().trim(), row.candidate().equals(r.cv().best().toString()) ? "  <- chosen" : "");
        }
        double horizon = r.artifact().metrics().get("failure_horizon_hours");
        err.printf(Locale.ROOT, "Failure within %.2f h: threshold %.2f (best out-of-fold F1: precision %.3f, recall %.3f)%n",
                horizon, r.cv().threshold(), r.cv().cvPrecision(), r.cv().cvRecall());
        err.printf(Locale.ROOT, "Held out, once: %d device(s) %s, %d windows: RUL RMSE %.3f h (target capped at %.1f h)%n",
                r.heldOutDevices().size(), r.heldOutDevices(), r.heldOutRows(), r.heldOutRmseHours(),
                r.artifact().metrics().get("target_cap_hours"));
        line(err, String.format(Locale.ROOT, "p >= %.2f or RUL < %.2f h", r.cv().threshold(), horizon), r.detection());
        line(err, String.format(Locale.ROOT, "p >= %.2f only", r.cv().threshold()), r.probabilityOnly());
        err.printf(Locale.ROOT, "The stream alerts the same way with --model-failure-threshold %.2f --model-rul-horizon %.2f%n",
                r.cv().threshold(), horizon);
        err.printf(Locale.ROOT, "core runtime vs Spark on %d held-out rows: max |difference| %.3g%n", r.heldOutRows(),
                r.maxRuntimeDifference());
        err.printf(Locale.ROOT, "Training (selection + refit): %.1f s%n", r.trainSeconds());
        err.println("Artifact: " + dir.resolve(ModelRegistry.MODEL_FILE) + " (version " + r.artifact().version() + ", "
                + r.artifact().name() + "); metrics: " + dir.resolve(ModelRegistry.METRICS_FILE));
    }

    private static void line(PrintStream err, String rule, ArchiveTrainer.Detection d) {
        double[] l = d.leadsHours();
        err.printf(Locale.ROOT, "  alert when %-28s failures alerted before they happen %d/%d, median lead %.2f h "
                        + "(min %.2f, max %.2f); alerted while healthy (before the onset) %d/%d%n", rule, d.detected(),
                d.lives(), d.medianLeadHours(), l.length == 0 ? Double.NaN : l[0], l.length == 0 ? Double.NaN : l[l.length - 1],
                d.alertedHealthy(), d.withOnset());
    }
}
