package dev.prognos.core.model;

import java.util.List;

/**
 * The model of one output: a tree ensemble or a linear model, giving a raw score
 * that {@link ModelOutput#transform()} turns into the output.
 *
 * <ul>
 *   <li>{@code tree-ensemble}, aggregation {@code sum} (gradient-boosted trees):
 *       {@code init + Σ weights[t] · tree_t(x)}. Spark's GBT has init 0, weight 1 for the first tree
 *       and the step size for the others.</li>
 *   <li>{@code tree-ensemble}, aggregation {@code mean} (random forest):
 *       {@code init + (Σ tree_t(x)) / trees}; weights are ignored.</li>
 *   <li>{@code linear}: {@code intercept + Σ coefficients[i] · x[i]}.</li>
 * </ul>
 *
 * @param type         {@code tree-ensemble} or {@code linear}
 * @param aggregation  {@code sum} or {@code mean} (tree ensembles only)
 * @param init         constant added to the ensemble (tree ensembles only)
 * @param weights      one per tree for {@code sum}
 * @param trees        the trees (tree ensembles only)
 * @param coefficients one per feature (linear only)
 * @param intercept    (linear only)
 */
public record ModelBody(String type, String aggregation, double init, double[] weights, List<Tree> trees,
                        double[] coefficients, double intercept) {

    public static final String TREE_ENSEMBLE = "tree-ensemble";
    public static final String LINEAR = "linear";
    public static final String SUM = "sum";
    public static final String MEAN = "mean";

    public ModelBody {
        if (TREE_ENSEMBLE.equals(type)) {
            if (trees == null || trees.isEmpty()) {
                throw new IllegalArgumentException("model: a tree ensemble needs at least one tree");
            }
            trees = List.copyOf(trees);
            if (SUM.equals(aggregation)) {
                if (weights == null || weights.length != trees.size()) {
                    throw new IllegalArgumentException("model: aggregation 'sum' needs one weight per tree ("
                            + trees.size() + " trees, " + (weights == null ? 0 : weights.length) + " weights)");
                }
            } else if (!MEAN.equals(aggregation)) {
                throw new IllegalArgumentException("model: unknown aggregation '" + aggregation + "', expected sum or mean");
            }
        } else if (LINEAR.equals(type)) {
            if (coefficients == null) {
                throw new IllegalArgumentException("model: a linear model needs coefficients");
            }
        } else {
            throw new IllegalArgumentException("model: unknown type '" + type + "', expected tree-ensemble or linear");
        }
    }

    /** Gradient-boosted trees: init + Σ weights[t] · tree_t(x). */
    public static ModelBody boosted(double init, double[] weights, List<Tree> trees) {
        return new ModelBody(TREE_ENSEMBLE, SUM, init, weights, trees, null, 0);
    }

    /** Random forest: the mean of the trees. */
    public static ModelBody forest(List<Tree> trees) {
        return new ModelBody(TREE_ENSEMBLE, MEAN, 0, null, trees, null, 0);
    }

    public static ModelBody linear(double[] coefficients, double intercept) {
        return new ModelBody(LINEAR, null, 0, null, null, coefficients, intercept);
    }
}
