package dev.prognos.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ModelRuntimeTest {

    // init 1 + tree1 + 0.1 · tree2, worked out by hand.
    @ParameterizedTest(name = "boosted ({0}, {1}) = {2}")
    @CsvSource({
            "0,    0,  11.4",
            "1,    2,  21.4",
            "1,    3,  31.4",
            "0.5,  -1, 10.6",   // both thresholds inclusive: <= goes left
            "0.51, -1.01, 20.6",
            "NaN,  5,  31.4"})  // NaN goes right, as in Spark
    void shouldEvaluateBoostedTreesAsInitPlusWeightedSum(double a, double b, double expected) {
        ModelRuntime rt = ModelRuntime.of(Artifacts.boosted(1));
        assertThat(rt.predict(0, new double[] {a, b})).isCloseTo(expected, within(1e-12));
    }

    @ParameterizedTest(name = "forest ({0}, {1}) = {2}")
    @CsvSource({
            "0, 0,  7",
            "1, 3,  17",
            "0.5, -1, 3"})
    void shouldEvaluateAForestAsTheMeanOfItsTrees(double a, double b, double expected) {
        ModelArtifact forest = Artifacts.artifact("turbofan", 1, Artifacts.SPEC, List.of(new ModelOutput("rul", "cycles",
                null, ModelBody.forest(List.of(Artifacts.tree1(), Artifacts.tree2())))));
        assertThat(ModelRuntime.of(forest).predict(0, new double[] {a, b})).isCloseTo(expected, within(1e-12));
    }

    @Test
    void shouldEvaluateLinearAndLogisticOutputsSideBySide() {
        ModelArtifact two = Artifacts.artifact("turbofan", 1, Artifacts.SPEC, List.of(
                new ModelOutput("rul", "cycles", ModelOutput.IDENTITY, ModelBody.linear(new double[] {2, -3}, 5)),
                new ModelOutput("failure_probability", "probability", ModelOutput.LOGISTIC2,
                        ModelBody.boosted(0, new double[] {0.5}, List.of(Artifacts.tree2())))));
        ModelRuntime rt = ModelRuntime.of(two);
        double[] out = new double[2];
        rt.predictAll(new double[] {1, 2}, out);
        assertThat(out[0]).isCloseTo(5 + 2 - 6, within(1e-12));
        // margin 0.5 · 4 = 2 → 1 / (1 + e^-4)
        assertThat(out[1]).isCloseTo(1 / (1 + Math.exp(-4)), within(1e-12));
        assertThat(rt.outputIndex("failure_probability")).isEqualTo(1);
    }

    @Test
    void shouldAgreeWithThePlainTreeWalkOnTheSameTrees() {
        ModelRuntime rt = ModelRuntime.of(Artifacts.boosted(1));
        java.util.Random r = new java.util.Random(7);
        for (int i = 0; i < 1000; i++) {
            double[] x = {r.nextGaussian(), r.nextGaussian() * 3};
            double plain = 1 + Artifacts.tree1().predict(x) + 0.1 * Artifacts.tree2().predict(x);
            assertThat(rt.predict(0, x)).isCloseTo(plain, within(1e-12));
        }
    }

    @ParameterizedTest(name = "{0} trees of depth <= {1}, {2}")
    @CsvSource({
            "1,  12, forest",
            "4,  12, forest",
            "7,  16, forest",    // walked four side by side, then three one by one
            "13, 9,  boosted",
            "100, 6, boosted"})
    void shouldAgreeBitForBitWithThePlainWalkOnRandomTreesNumberedBreadthFirst(int trees, int depth, String kind) {
        java.util.Random r = new java.util.Random(trees * 31L + depth);
        List<Tree> ts = new java.util.ArrayList<>();
        double[] weights = new double[trees];
        for (int k = 0; k < trees; k++) {
            ts.add(randomTree(r, depth));
            weights[k] = r.nextDouble();
        }
        ModelBody body = kind.equals("forest") ? ModelBody.forest(ts) : ModelBody.boosted(0.25, weights, ts);
        ModelRuntime rt = ModelRuntime.of(Artifacts.artifact("turbofan", 1, Artifacts.SPEC,
                List.of(new ModelOutput("rul", "cycles", null, body))));
        for (int i = 0; i < 2000; i++) {
            double[] x = {r.nextGaussian(), i % 50 == 0 ? Double.NaN : r.nextGaussian()};
            double plain = 0;
            for (int k = 0; k < trees; k++) {
                plain += (kind.equals("forest") ? 1 : weights[k]) * ts.get(k).predict(x);
            }
            double expected = kind.equals("forest") ? plain / trees : 0.25 + plain;
            assertThat(rt.predict(0, x)).as("row %d", i).isEqualTo(expected);
        }
    }

    /**
     * A random tree numbered breadth first, the order the depth-first layout must change: a node's
     * left child is then not the next node. Splits on features 0 and 1, thresholds in N(0, 1).
     */
    private static Tree randomTree(java.util.Random r, int maxDepth) {
        List<int[]> shape = new java.util.ArrayList<>();   // {depth, left, right}
        List<Integer> feature = new java.util.ArrayList<>();
        shape.add(new int[] {0, 0, 0});
        for (int i = 0; i < shape.size(); i++) {
            int depth = shape.get(i)[0];
            boolean split = depth < maxDepth && (depth < 2 || r.nextDouble() < 0.8);
            feature.add(split ? r.nextInt(2) : -1);
            if (split) {
                shape.get(i)[1] = shape.size();
                shape.add(new int[] {depth + 1, 0, 0});
                shape.get(i)[2] = shape.size();
                shape.add(new int[] {depth + 1, 0, 0});
            }
        }
        int n = shape.size();
        int[] f = new int[n];
        double[] thr = new double[n];
        int[] left = new int[n];
        int[] right = new int[n];
        double[] value = new double[n];
        for (int i = 0; i < n; i++) {
            f[i] = feature.get(i);
            thr[i] = r.nextGaussian();
            left[i] = shape.get(i)[1];
            right[i] = shape.get(i)[2];
            value[i] = r.nextGaussian() * 100;
        }
        return new Tree(f, thr, left, right, value);
    }

    @Test
    void shouldRefuseATreeWhoseNodeHasTwoParents() {
        // Nodes 1 and 2 both send everything to leaf 3.
        Tree shared = new Tree(new int[] {0, 1, 1, -1}, new double[] {0, 0, 0, 0}, new int[] {1, 3, 3, 0},
                new int[] {2, 3, 3, 0}, new double[] {0, 0, 0, 1});
        ModelArtifact a = Artifacts.artifact("turbofan", 1, Artifacts.SPEC,
                List.of(new ModelOutput("rul", "cycles", null, ModelBody.forest(List.of(shared)))));
        assertThatThrownBy(() -> ModelRuntime.of(a)).hasMessageContaining("tree 0, node 3").hasMessageContaining("two parents");
    }

    @Test
    void shouldRefuseATreeThatSplitsOnAFeatureTheSpecDoesNotHave() {
        Tree bad = new Tree(new int[] {2, -1, -1}, new double[] {0, 0, 0}, new int[] {1, 0, 0}, new int[] {2, 0, 0},
                new double[] {0, 1, 2});
        ModelArtifact a = Artifacts.artifact("turbofan", 1, Artifacts.SPEC,
                List.of(new ModelOutput("rul", "cycles", null, ModelBody.forest(List.of(bad)))));
        assertThatThrownBy(() -> ModelRuntime.of(a)).hasMessageContaining("feature 2").hasMessageContaining("has 2");
    }

    @Test
    void shouldRefuseATreeWhoseChildPointsBackwards() {
        assertThatThrownBy(() -> new Tree(new int[] {0, -1}, new double[] {0, 0}, new int[] {0, 0}, new int[] {1, 0},
                new double[] {0, 0})).hasMessageContaining("node 0");
    }

    @Test
    void shouldRefuseAFeatureVectorOfTheWrongLength() {
        ModelRuntime rt = ModelRuntime.of(Artifacts.boosted(1));
        assertThatThrownBy(() -> rt.predict(0, new double[3])).hasMessageContaining("length 3").hasMessageContaining("needs 2");
    }
}
