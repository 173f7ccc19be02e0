package dev.prognos.trainer;

import static org.apache.spark.sql.functions.col;

import dev.prognos.core.model.FeatureSpec;
import dev.prognos.core.model.SlidingFeatures;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapGroupsFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Turns C-MAPSS rows into feature vectors with core's {@link SlidingFeatures}, applied per unit
 * in cycle order inside Spark (groupByKey + flatMapGroups), so training sees exactly the numbers
 * the stream and the edge compute. One cycle is taken as one second of event time, so slopes are
 * per cycle.
 */
final class FeatureBuilder {

    static final String FEATURES = "features";
    /** Output columns: unit, cycle, rul (null when the input has none), features (array of double). */
    static final StructType SCHEMA = new StructType()
            .add(CmapssReader.UNIT, DataTypes.IntegerType, false)
            .add(CmapssReader.CYCLE, DataTypes.IntegerType, false)
            .add(CmapssReader.RUL, DataTypes.IntegerType, true)
            .add(FEATURES, DataTypes.createArrayType(DataTypes.DoubleType, false), false);

    private FeatureBuilder() {
    }

    /**
     * @param rows     columns unit, cycle, the spec's settings and inputs, and optionally rul
     * @param lastOnly keep only each unit's last cycle (the test protocol)
     */
    static Dataset<Row> build(Dataset<Row> rows, FeatureRecipe recipe, boolean lastOnly) {
        FeatureSpec spec = recipe.spec();
        boolean labelled = List.of(rows.columns()).contains(CmapssReader.RUL);
        List<String> cols = new ArrayList<>(List.of(CmapssReader.UNIT, CmapssReader.CYCLE));
        cols.addAll(spec.settings());
        cols.addAll(spec.inputs());
        if (labelled) {
            cols.add(CmapssReader.RUL);
        }
        int ns = spec.settings().size();
        int ni = spec.inputs().size();
        Dataset<Row> selected = rows.select(cols.stream().map(c -> col(c)).toArray(org.apache.spark.sql.Column[]::new));
        return selected
                .groupByKey((MapFunction<Row, Integer>) r -> r.getInt(0), Encoders.INT())
                .flatMapGroups((FlatMapGroupsFunction<Integer, Row, Row>) (unit, it) -> {
                    List<Row> unitRows = new ArrayList<>();
                    it.forEachRemaining(unitRows::add);
                    unitRows.sort(Comparator.comparingInt(r -> r.getInt(1)));
                    SlidingFeatures f = new SlidingFeatures(recipe.spec(), recipe.preprocessing());
                    double[] settings = new double[ns];
                    double[] raw = new double[ni];
                    List<Row> out = new ArrayList<>(lastOnly ? 1 : unitRows.size());
                    for (int k = 0; k < unitRows.size(); k++) {
                        Row r = unitRows.get(k);
                        for (int j = 0; j < ns; j++) {
                            settings[j] = r.getDouble(2 + j);
                        }
                        for (int j = 0; j < ni; j++) {
                            raw[j] = r.getDouble(2 + ns + j);
                        }
                        int cycle = r.getInt(1);
                        // One cycle = one second of event time: slopes are per cycle.
                        double[] v = f.next(cycle * 1000L, settings, raw);
                        if (!lastOnly || k == unitRows.size() - 1) {
                            Integer rul = labelled ? r.getInt(2 + ns + ni) : null;
                            out.add(RowFactory.create(unit, cycle, rul, v.clone()));
                        }
                    }
                    return out.iterator();
                }, Encoders.row(SCHEMA));
    }
}
