package dev.prognos.trainer;

import dev.prognos.core.model.ModelArtifact;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The evaluation report written beside the artifact: one self-contained HTML page (inline SVG, no
 * scripts, no external files) with the metrics, the cross-validation table, predicted against true
 * RUL for every test unit, the failure classifier's figures and the most important features.
 */
final class Report {

    private static final int TOP_FEATURES = 25;

    private Report() {
    }

    static String html(ModelArtifact a, CmapssTrainer.Result r) {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(esc(a.name())).append(' ').append(a.version()).append("</title><style>")
                .append("body{font-family:sans-serif;margin:2em;max-width:1000px}table{border-collapse:collapse}")
                .append("td,th{border:1px solid #ccc;padding:2px 8px;text-align:right}th{background:#eee}")
                .append("td:first-child{text-align:left}</style></head><body>");
        h.append("<h1>").append(esc(a.name())).append(" — version ").append(a.version()).append("</h1>");
        h.append("<p>Asset type <b>").append(esc(a.assetType())).append("</b>, created ").append(esc(a.createdAt()))
                .append(", trained on ").append(esc(a.trainingData().description())).append(" (")
                .append(a.trainingData().rows()).append(" rows). Signed by <code>")
                .append(a.signature() == null ? "—" : esc(a.signature().keyId())).append("</code>. Features: ")
                .append(a.featureSpec().featureCount()).append(" (").append(a.featureSpec().inputs().size())
                .append(" sensors × windows ").append(a.featureSpec().windows()).append(" × ")
                .append(esc(a.featureSpec().statistics().toString())).append(" + age), ")
                .append(a.preprocessing().conditionCount()).append(" operating condition(s).</p>");

        h.append("<h2>Metrics</h2><table><tr><th>metric</th><th>value</th></tr>");
        for (Map.Entry<String, Double> e : a.metrics().entrySet()) {
            h.append("<tr><td>").append(esc(e.getKey())).append("</td><td>").append(num(e.getValue())).append("</td></tr>");
        }
        h.append("</table>");

        h.append("<h2>Cross-validation (grouped by unit, training file only)</h2>")
                .append("<table><tr><th>candidate</th><th>mean RMSE</th><th>folds</th><th>seconds</th></tr>");
        for (CmapssTrainer.CvRow row : r.cv()) {
            h.append("<tr><td>").append(esc(row.candidate())).append(row.candidate().equals(r.best()) ? " (chosen)" : "")
                    .append("</td><td>").append(num(row.meanRmse())).append("</td><td>");
            for (double f : row.foldRmse()) {
                h.append(num(f)).append(' ');
            }
            h.append("</td><td>").append(String.format(Locale.ROOT, "%.0f", row.seconds())).append("</td></tr>");
        }
        h.append("</table>");

        h.append("<h2>Predicted against true RUL, one point per test unit (at its last cycle)</h2>")
                .append("<p>Units sorted by true RUL. Grey: true RUL; black: true RUL capped at ")
                .append(num(Scores.CAP)).append(" (what RMSE is scored against); blue: predicted.</p>")
                .append(rulPlot(r));

        CmapssTrainer.Classification c = r.classification();
        if (c != null) {
            h.append("<h2>Failure within ").append(c.horizon()).append(" cycles</h2>")
                    .append(String.format(Locale.ROOT, "<p>Threshold %.2f on the failure probability (best F1 on the "
                            + "out-of-fold predictions: precision %.3f, recall %.3f). On the test units: precision "
                            + "<b>%.3f</b>, recall <b>%.3f</b> (%d caught, %d false alarms, %d missed).</p>",
                            c.threshold(), c.cvPrecision(), c.cvRecall(), c.precision(), c.recall(), c.truePositives(),
                            c.falsePositives(), c.falseNegatives()))
                    .append(probabilityPlot(r));
        }

        if (r.importances() != null) {
            h.append("<h2>Feature importances of the RUL model (top ").append(TOP_FEATURES).append(")</h2>")
                    .append(importancePlot(r));
        }
        h.append("</body></html>\n");
        return h.toString();
    }

    private static String rulPlot(CmapssTrainer.Result r) {
        int n = r.trueRul().length;
        Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(i -> r.trueRul()[i]));
        double yMax = 25 * Math.ceil(Math.max(Arrays.stream(r.trueRul()).max().orElse(1),
                Arrays.stream(r.predicted()).max().orElse(1)) / 25);
        int w = 900;
        int hgt = 360;
        Plot p = new Plot(w, hgt, n, yMax);
        StringBuilder s = p.frame("test units, by true RUL", "RUL (cycles)");
        for (int k = 0; k < n; k++) {
            int i = order[k];
            double x = p.x(k + 0.5);
            s.append(circle(x, p.y(r.trueRul()[i]), 2.5, "#bbb"));
            s.append(circle(x, p.y(Math.min(Scores.CAP, r.trueRul()[i])), 2.5, "#000"));
            s.append(circle(x, p.y(r.predicted()[i]), 3, "#1f5fbf"));
            s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#1f5fbf\" "
                    + "stroke-opacity=\"0.3\"/>", x, p.y(Math.min(Scores.CAP, r.trueRul()[i])), x, p.y(r.predicted()[i])));
        }
        return s.append("</svg>").toString();
    }

    private static String probabilityPlot(CmapssTrainer.Result r) {
        int n = r.trueRul().length;
        double xMax = 25 * Math.ceil(Arrays.stream(r.trueRul()).max().orElse(1) / 25);
        Plot p = new Plot(900, 260, xMax, 1);
        StringBuilder s = p.frame("true RUL at the last cycle (cycles)", "failure probability");
        CmapssTrainer.Classification c = r.classification();
        s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#c00\" "
                + "stroke-dasharray=\"4\"/>", p.x(0), p.y(c.threshold()), p.x(xMax), p.y(c.threshold())));
        s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#c00\" "
                + "stroke-dasharray=\"4\"/>", p.x(c.horizon()), p.y(0), p.x(c.horizon()), p.y(1)));
        for (int i = 0; i < n; i++) {
            s.append(circle(p.x(r.trueRul()[i]), p.y(c.probability()[i]), 3, "#1f5fbf"));
        }
        return s.append("</svg>").toString();
    }

    private static String importancePlot(CmapssTrainer.Result r) {
        double[] imp = r.importances();
        Integer[] order = IntStream.range(0, imp.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, (a, b) -> Double.compare(imp[b], imp[a]));
        int top = Math.min(TOP_FEATURES, imp.length);
        double max = top == 0 ? 1 : Math.max(imp[order[0]], 1e-12);
        int rowH = 16;
        int labelW = 220;
        int barW = 600;
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-size=\"12\">",
                labelW + barW + 80, top * rowH + 10));
        for (int k = 0; k < top; k++) {
            int i = order[k];
            double y = 5 + k * rowH;
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>", labelW - 6,
                    y + 12, esc(r.featureNames().get(i))));
            s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%.1f\" width=\"%.1f\" height=\"%d\" fill=\"#1f5fbf\"/>",
                    labelW, y + 2, barW * imp[i] / max, rowH - 4));
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\">%.3f</text>", labelW + barW * imp[i] / max + 4,
                    y + 12, imp[i]));
        }
        return s.append("</svg>").toString();
    }

    /** Axes from (0, 0) to (xMax, yMax) inside a w × h picture. */
    private record Plot(int w, int h, double xMax, double yMax) {
        static final int LEFT = 60;
        static final int BOTTOM = 40;
        static final int TOP = 10;
        static final int RIGHT = 20;

        double x(double v) {
            return LEFT + (w - LEFT - RIGHT) * v / xMax;
        }

        double y(double v) {
            return h - BOTTOM - (h - BOTTOM - TOP) * v / yMax;
        }

        StringBuilder frame(String xLabel, String yLabel) {
            StringBuilder s = new StringBuilder(String.format(Locale.ROOT,
                    "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-size=\"12\">", w, h));
            s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" "
                    + "stroke=\"#999\"/>", LEFT, TOP, w - LEFT - RIGHT, h - BOTTOM - TOP));
            for (int k = 0; k <= 5; k++) {
                double v = yMax * k / 5;
                s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>", LEFT - 4,
                        y(v) + 4, num(v)));
                s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eee\"/>",
                        LEFT, y(v), w - RIGHT, y(v)));
                double u = xMax * k / 5;
                s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>", x(u),
                        h - BOTTOM + 15, num(u)));
            }
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>",
                    LEFT + (w - LEFT - RIGHT) / 2, h - 5, esc(xLabel)));
            s.append(String.format(Locale.ROOT, "<text x=\"14\" y=\"%d\" text-anchor=\"middle\" transform=\"rotate(-90 14 %d)\">"
                    + "%s</text>", TOP + (h - BOTTOM - TOP) / 2, TOP + (h - BOTTOM - TOP) / 2, esc(yLabel)));
            return s;
        }
    }

    private static String circle(double x, double y, double r, String fill) {
        return String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"%s\"/>", x, y, r, fill);
    }

    private static String num(double v) {
        if (Double.isNaN(v)) {
            return "—";
        }
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.4g", v);
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
