package dev.prognos.trainer;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The reader on the real NASA C-MAPSS FD001 files, in Spark local mode. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CmapssReaderTest {

    private SparkSession spark;
    private CmapssReader reader;
    private Dataset<Row> train;

    @BeforeAll
    void startSpark() {
        Path cmapss = cmapssDirectory();
        spark = SparkSession.builder()
                .appName("CmapssReaderTest")
                .master("local[2]")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.ui.enabled", "false")
                // Two cores: the default 200 shuffle partitions only add scheduling overhead.
                .config("spark.sql.shuffle.partitions", "2")
                .getOrCreate();
        reader = new CmapssReader(spark, cmapss.toString());
        train = reader.train("FD001").cache();
    }

    @AfterAll
    void stopSpark() {
        if (spark != null) {
            spark.stop();
        }
    }

    /** The data set directory from -Dprognos.datasets (set by the module's surefire configuration). */
    static Path cmapssDirectory() {
        String datasets = System.getProperty("prognos.datasets");
        if (datasets == null || datasets.isBlank()) {
            throw new IllegalStateException("system property prognos.datasets is not set: run the tests through "
                    + "Maven (./mvnw -pl model-trainer verify), which sets it to <repository>/../shared/datasets");
        }
        Path dir = Path.of(datasets, "cmapss").toAbsolutePath().normalize();
        if (!Files.isRegularFile(dir.resolve("train_FD001.txt"))) {
            throw new IllegalStateException("C-MAPSS data set not found: " + dir.resolve("train_FD001.txt")
                    + " is missing (prognos.datasets=" + datasets + ")");
        }
        return dir;
    }

    @Nested
    class TrainingFile {

        @Test
        void shouldHaveTheTwentySixNamedColumnsThenRul() {
            List<String> expected = new ArrayList<>(CmapssReader.COLUMNS);
            expected.add(CmapssReader.RUL);
            assertThat(train.columns()).containsExactlyElementsOf(expected);
            assertThat(train.columns()).startsWith("unit", "cycle", "setting_1", "setting_2", "setting_3", "s_1")
                    .endsWith("s_21", "rul");
            assertThat(train.schema().apply("unit").dataType()).isEqualTo(DataTypes.IntegerType);
            assertThat(train.schema().apply("s_7").dataType()).isEqualTo(DataTypes.DoubleType);
        }

        @Test
        void shouldReadEveryRowAndUnit() {
            assertThat(train.count()).isEqualTo(20631);
            assertThat(train.agg(countDistinct(col("unit"))).first().getLong(0)).isEqualTo(100);
        }

        @Test
        void shouldGiveUnitOneItsHundredNinetyTwoCycles() {
            Row unit1 = train.filter(col("unit").equalTo(1)).agg(count(col("cycle")), max("cycle")).first();
            assertThat(unit1.getLong(0)).isEqualTo(192);
            assertThat(unit1.getInt(1)).isEqualTo(192);
        }

        @ParameterizedTest(name = "unit {0} cycle {1} -> rul {2}")
        @CsvSource({"1, 1, 191", "1, 192, 0", "1, 100, 92", "100, 200, 0"})
        void shouldLabelRulAsTheUnitsLastCycleMinusTheCycle(int unit, int cycle, int rul) {
            Row row = train.filter(col("unit").equalTo(unit).and(col("cycle").equalTo(cycle))).select("rul").first();
            assertThat(row.getInt(0)).isEqualTo(rul);
        }

        @Test
        void shouldParseTheFirstRowsValuesDespiteTrailingSpaces() {
            Row first = train.filter(col("unit").equalTo(1).and(col("cycle").equalTo(1))).first();
            // From the file: 1 1 -0.0007 -0.0004 100.0 518.67 641.82 ... 39.06 23.4190
            assertThat(first.<Double>getAs("setting_1")).isEqualTo(-0.0007);
            assertThat(first.<Double>getAs("setting_3")).isEqualTo(100.0);
            assertThat(first.<Double>getAs("s_1")).isEqualTo(518.67);
            assertThat(first.<Double>getAs("s_2")).isEqualTo(641.82);
            assertThat(first.<Double>getAs("s_21")).isEqualTo(23.4190);
        }

        @Test
        void shouldEndEveryUnitAtRulZero() {
            Row r = train.groupBy("unit").agg(min("rul").as("last")).agg(max("last"), min("last")).first();
            assertThat(r.getInt(0)).isZero();
            assertThat(r.getInt(1)).isZero();
        }
    }

    @Test
    void shouldReadTheTestFileWithoutLabels() {
        Dataset<Row> test = reader.test("FD001");
        assertThat(test.columns()).containsExactlyElementsOf(CmapssReader.COLUMNS);
        assertThat(test.count()).isEqualTo(13096);
    }

    @Test
    void shouldReadOneTrueRulPerTestUnitInUnitOrder() {
        List<Row> rul = reader.rul("FD001").orderBy("unit").collectAsList();
        assertThat(rul).hasSize(100);
        assertThat(rul.get(0).getInt(0)).isEqualTo(1);
        assertThat(rul.get(99).getInt(0)).isEqualTo(100);
        // The first lines of RUL_FD001.txt are 112, 98, 69.
        assertThat(rul.subList(0, 3)).extracting(r -> r.getInt(1)).containsExactly(112, 98, 69);
    }

    @ParameterizedTest
    @CsvSource({"FD5", "fd001", "FD0011", "FD00x", "../FD001", "''"})
    void shouldRefuseAnUnknownSubset(String subset) {
        assertThatThrownBy(() -> reader.train(subset)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("C-MAPSS subset must be FD followed by three digits");
    }

    @Test
    void shouldNameTheMissingFile(@TempDir Path empty) {
        CmapssReader elsewhere = new CmapssReader(spark, empty.toString());
        assertThatThrownBy(() -> elsewhere.train("FD003")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("C-MAPSS file not found: " + empty + "/train_FD003.txt");
    }

    @Test
    void shouldRefuseAFileWithMalformedLines(@TempDir Path dir) throws IOException {
        String good = "1 1 " + String.join(" ", Arrays.stream(new String[24]).map(x -> "0.5").toList()) + "  ";
        Files.writeString(dir.resolve("train_FD002.txt"), good + "\n" + "1 2 0.1 0.2\n" + good.replace("0.5", "x") + "\n");
        CmapssReader local = new CmapssReader(spark, dir.toString());
        assertThatThrownBy(() -> local.train("FD002")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("train_FD002.txt: 2 line(s) are not 26 numbers per line");
    }
}
