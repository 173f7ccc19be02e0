package dev.prognos.core.model;

import java.util.List;
import java.util.Map;

/** Small hand-built artifacts whose predictions can be worked out on paper. */
final class Artifacts {

    /** Two inputs a, b; one window of 1 sample; statistic mean: the features are a and b themselves. */
    static final FeatureSpec SPEC = new FeatureSpec(List.of("a", "b"), List.of(), List.of(1), List.of("mean"), List.of());
    /** Identity normalisation, no settings. */
    static final Preprocessing IDENTITY = new Preprocessing(new double[0], new double[][] {{}},
            new double[][] {{0, 0}}, new double[][] {{1, 1}});

    /** a <= 0.5 ? 10 : (b <= 2 ? 20 : 30). */
    static Tree tree1() {
        return new Tree(new int[] {0, -1, 1, -1, -1}, new double[] {0.5, 0, 2, 0, 0},
                new int[] {1, 0, 3, 0, 0}, new int[] {2, 0, 4, 0, 0}, new double[] {0, 10, 0, 20, 30});
    }

    /** b <= -1 ? -4 : 4. */
    static Tree tree2() {
        return new Tree(new int[] {1, -1, -1}, new double[] {-1, 0, 0}, new int[] {1, 0, 0}, new int[] {2, 0, 0},
                new double[] {0, -4, 4});
    }

    static ModelArtifact boosted(long version) {
        return artifact("turbofan", version, SPEC,
                List.of(new ModelOutput("rul", "cycles", ModelOutput.IDENTITY,
                        ModelBody.boosted(1.0, new double[] {1.0, 0.1}, List.of(tree1(), tree2())))));
    }

    static ModelArtifact artifact(String asset, long version, FeatureSpec spec, List<ModelOutput> outputs) {
        return ModelArtifact.unsigned("test-rul", version, asset, "2026-11-23T08:00:00Z",
                new TrainingData("hand-built", "00", 0), spec, IDENTITY, outputs, Map.of("cv_rmse", 12.5));
    }

    private Artifacts() {
    }
}
