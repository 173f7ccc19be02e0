package dev.prognos.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.prognos.core.model.Preprocessing;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Operating conditions found from the settings alone, on the real multi-condition FD002 file and
 * on a subset with another name and another number of conditions cut from it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConditionFitTest {

    private SparkSession spark;
    private Path cmapss;

    @BeforeAll
    void startSpark() {
        cmapss = CmapssReaderTest.cmapssDirectory();
        spark = SparkSession.builder().appName("ConditionFitTest").master("local[2]")
                .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2").getOrCreate();
    }

    @AfterAll
    void stopSpark() {
        if (spark != null) {
            spark.stop();
        }
    }

    @Test
    void shouldFindFd002sSixFlightConditionsAndNormaliseEachSensorWithinItsOwn() {
        Dataset<Row> train = new CmapssReader(spark, cmapss.toString()).train("FD002").cache();
        ConditionFit.Result fit = ConditionFit.fit(train, CmapssReader.SETTINGS, CmapssReader.SENSORS, 42);
        Preprocessing p = fit.preprocessing();
        assertThat(p.conditionCount()).isEqualTo(6);
        // The six regimes of C-MAPSS: altitude 0, 10, 20, 25, 35 and 42 kft.
        Set<Long> altitudes = new TreeSet<>();
        for (double[] c : p.centroids()) {
            altitudes.add(Math.round(c[0]));
        }
        assertThat(altitudes).containsExactly(0L, 10L, 20L, 25L, 35L, 42L);
        // Every row is within rounding noise of its condition's centroid.
        int s2 = fit.inputs().indexOf("s_2");
        double[] sum = new double[6];
        int[] n = new int[6];
        for (Row r : train.select("setting_1", "setting_2", "setting_3", "s_2").collectAsList()) {
            double[] settings = {r.getDouble(0), r.getDouble(1), r.getDouble(2)};
            int c = p.condition(settings);
            assertThat(settings[0]).isCloseTo(p.centroids()[c][0], within(0.1));
            double[] out = new double[fit.inputs().size()];
            double[] raw = new double[fit.inputs().size()];
            raw[s2] = r.getDouble(3);
            p.normalise(c, raw, out);
            sum[c] += out[s2];
            n[c]++;
        }
        // Standardised with its own condition's statistics, each condition's mean of s_2 is 0.
        for (int c = 0; c < 6; c++) {
            assertThat(sum[c] / n[c]).as("condition %d", c).isCloseTo(0, within(1e-6));
        }
        train.unpersist();
    }

    @Test
    void shouldReadAnotherSubsetNameAndFindItsThreeConditions(@TempDir Path dir) throws IOException {
        // "FD042": the FD002 rows flown at 0, 20 and 42 kft only.
        List<String> lines = Files.readAllLines(cmapss.resolve("train_FD002.txt")).stream().filter(l -> {
            if (l.isBlank()) {
                return false;
            }
            long altitude = Math.round(Double.parseDouble(l.trim().split("\\s+")[2]));
            return altitude == 0 || altitude == 20 || altitude == 42;
        }).toList();
        Files.write(dir.resolve("train_FD042.txt"), lines);
        Dataset<Row> train = new CmapssReader(spark, dir.toString()).train("FD042");
        ConditionFit.Result fit = ConditionFit.fit(train, CmapssReader.SETTINGS, CmapssReader.SENSORS, 7);
        assertThat(fit.preprocessing().conditionCount()).isEqualTo(3);
        assertThat(Arrays.stream(fit.preprocessing().centroids()).map(c -> Math.round(c[0])).sorted().toList())
                .containsExactly(0L, 20L, 42L);
    }

    @Test
    void shouldFindOneConditionWhenTheSettingsOnlyVaryByNoise() {
        Dataset<Row> train = new CmapssReader(spark, cmapss.toString()).train("FD001");
        ConditionFit.Result fit = ConditionFit.fit(train, CmapssReader.SETTINGS, CmapssReader.SENSORS, 42);
        assertThat(fit.preprocessing().conditionCount()).isEqualTo(1);
        assertThat(fit.inputs()).doesNotContain("s_1", "s_5", "s_10", "s_16", "s_18", "s_19").contains("s_2", "s_21");
    }
}
