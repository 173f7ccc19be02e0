package dev.prognos.trainer;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.get;
import static org.apache.spark.sql.functions.lit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.ml.evaluation.RegressionEvaluator;
import org.apache.spark.ml.functions;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Model selection by k-fold cross-validation grouped by a {@code fold} column that the caller deals
 * by group (unit, device), so no group is in both training and validation: the RUL candidates
 * compared by RMSE, and the failure classifier's threshold as the best F1 of its out-of-fold
 * probabilities. Data columns: {@code features} (vector), {@code label}, {@code failure}, {@code fold}.
 */
final class GroupedCv {

    /** What selection found; threshold and the out-of-fold precision and recall are NaN without a classifier. */
    record Outcome(List<CmapssTrainer.CvRow> rows, Candidate best, CmapssTrainer.CvRow bestRow, double threshold,
                   double cvPrecision, double cvRecall) {
    }

    private GroupedCv() {
    }

    static Outcome run(Dataset<Row> data, List<Candidate> grid, int folds, Candidate classifier, long seed) {
        RegressionEvaluator rmse = new RegressionEvaluator().setLabelCol("label").setPredictionCol("prediction")
                .setMetricName("rmse");
        List<CmapssTrainer.CvRow> rows = new ArrayList<>();
        CmapssTrainer.CvRow bestRow = null;
        Candidate best = null;
        for (int c = 0; c < grid.size(); c++) {
            Candidate cand = grid.get(c);
            long t0 = System.nanoTime();
            double[] foldRmse = new double[folds];
            for (int f = 0; f < folds; f++) {
                long tf = System.nanoTime();
                Dataset<Row> fit = data.filter(col("fold").notEqual(f));
                Dataset<Row> val = data.filter(col("fold").equalTo(f));
                Dataset<Row> predicted = cand.fit(fit, seed).transform().apply(val);
                foldRmse[f] = rmse.evaluate(predicted);
                Progress.say(String.format(Locale.ROOT, "      candidate %d/%d %s fold %d/%d: RMSE %.3f (%.0f s)",
                        c + 1, grid.size(), cand, f + 1, folds, foldRmse[f], (System.nanoTime() - tf) / 1e9));
            }
            double mean = Arrays.stream(foldRmse).average().orElse(Double.NaN);
            CmapssTrainer.CvRow row = new CmapssTrainer.CvRow(cand.toString(), mean, foldRmse, (System.nanoTime() - t0) / 1e9);
            rows.add(row);
            if (bestRow == null || mean < bestRow.meanRmse()) {
                bestRow = row;
                best = cand;
            }
        }
        if (classifier == null) {
            return new Outcome(rows, best, bestRow, Double.NaN, Double.NaN, Double.NaN);
        }
        List<double[]> oof = new ArrayList<>();
        for (int f = 0; f < folds; f++) {
            long tf = System.nanoTime();
            Dataset<Row> fit = data.filter(col("fold").notEqual(f));
            Dataset<Row> val = data.filter(col("fold").equalTo(f));
            for (Row r : classifier.rfClassifier(seed).fit(fit).transform(val)
                    .select(get(functions.vector_to_array(col("probability"), "float64"), lit(1)), col(Candidate.FAILURE))
                    .collectAsList()) {
                oof.add(new double[] {r.getDouble(0), r.getDouble(1)});
            }
            Progress.say(String.format(Locale.ROOT, "      classifier fold %d/%d (%.0f s)", f + 1, folds,
                    (System.nanoTime() - tf) / 1e9));
        }
        double[] chosen = Scores.bestF1Threshold(oof);
        Progress.say(String.format(Locale.ROOT, "      classifier threshold %.2f (best out-of-fold F1): precision %.3f, "
                + "recall %.3f", chosen[0], chosen[1], chosen[2]));
        return new Outcome(rows, best, bestRow, chosen[0], chosen[1], chosen[2]);
    }
}
