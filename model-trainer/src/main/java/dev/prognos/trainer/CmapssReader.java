package dev.prognos.trainer;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.apache.spark.sql.functions.get;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.split;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;

/**
 * Reads the NASA C-MAPSS turbofan engine degradation data (Saxena et al., PHM08) into Spark.
 *
 * <p>Each subset (FD001..FD004, and any other named FD + three digits in the same format) has three files in one directory: {@code train_FDxxx.txt} (every unit
 * run to failure), {@code test_FDxxx.txt} (each unit cut off some time before failure) and
 * {@code RUL_FDxxx.txt} (the true remaining cycles of each test unit at its last row, one line per
 * unit in unit order). Data rows are 26 space-separated numbers with trailing spaces: unit, cycle,
 * three operational settings and 21 sensor channels.
 *
 * <p>The location is any path Hadoop can read (a local directory, {@code file:}, {@code hdfs:},
 * {@code s3a:}), so the same code runs in local mode and under spark-submit.
 */
public final class CmapssReader {

    public static final String UNIT = "unit";
    public static final String CYCLE = "cycle";
    /** Remaining useful life in cycles: cycles left until the unit failed. */
    public static final String RUL = "rul";
    /** Operational settings setting_1..setting_3 (altitude, Mach number, throttle resolver angle). */
    public static final List<String> SETTINGS = names("setting_", 3);
    /** Sensor channels s_1..s_21 (temperatures in °R, pressures in psia, speeds in rpm, ratios). */
    public static final List<String> SENSORS = names("s_", 21);
    /** The 26 columns of a data row, in file order. */
    public static final List<String> COLUMNS = columns();

    private static final Pattern SUBSET = Pattern.compile("FD\\d{3}");

    private final SparkSession spark;
    private final String location;

    /**
     * @param spark    the session to read with
     * @param location directory holding the C-MAPSS text files
     */
    public CmapssReader(SparkSession spark, String location) {
        this.spark = Objects.requireNonNull(spark, "spark");
        this.location = Objects.requireNonNull(location, "location");
    }

    /**
     * A training file with its {@link #RUL} label: the unit's last cycle minus the row's cycle, so the
     * last row of each unit has RUL 0 (the unit fails after it).
     *
     * @param subset FD followed by three digits, e.g. FD001
     */
    public Dataset<Row> train(String subset) {
        Dataset<Row> rows = readRows("train_" + checkSubset(subset) + ".txt");
        return rows.withColumn(RUL, max(col(CYCLE)).over(Window.partitionBy(UNIT)).minus(col(CYCLE)));
    }

    /** A test file, without labels: see {@link #rul(String)} for the truth at each unit's last row. */
    public Dataset<Row> test(String subset) {
        return readRows("test_" + checkSubset(subset) + ".txt");
    }

    /** The true RUL at the last row of each test unit: columns {@link #UNIT} (1..n, file order) and {@link #RUL}. */
    public Dataset<Row> rul(String subset) {
        String file = path("RUL_" + checkSubset(subset) + ".txt");
        // One small file in a single partition keeps file order, and the increasing id is then the
        // row number within partition 0: line 0..n-1, so id + 1 is the unit the value belongs to.
        Dataset<Row> parsed = spark.read().text(file).coalesce(1)
                .select(monotonically_increasing_id().plus(1).cast("int").as(UNIT),
                        trim(col("value")).try_cast("int").as(RUL));
        failOnBadRows(file, parsed.filter(col(RUL).isNull().or(col(RUL).lt(0))).count(),
                "a non-negative whole number per line");
        return parsed;
    }

    private Dataset<Row> readRows(String name) {
        String file = path(name);
        Dataset<Row> fields = spark.read().text(file)
                .filter(trim(col("value")).notEqual(lit("")))
                .select(split(trim(col("value")), "\\s+").as("f"));
        List<Column> typed = new ArrayList<>();
        for (int i = 0; i < COLUMNS.size(); i++) {
            // get and try_cast give null on a short line or a non-number (Spark 4 runs in ANSI mode,
            // where getItem and cast throw), so bad lines are counted and named below.
            typed.add(get(col("f"), lit(i)).try_cast(i < 2 ? "int" : "double").as(COLUMNS.get(i)));
        }
        Dataset<Row> rows = fields.select(col("f"), size(col("f")).as("n")).select(withCount(typed));
        // Casting turns a malformed field into null silently; refuse the file instead.
        Column bad = col("n").notEqual(lit(COLUMNS.size()));
        for (String c : COLUMNS) {
            bad = bad.or(col(c).isNull());
        }
        // One extra pass over the file at read time; C-MAPSS files are a few MB.
        Row check = rows.agg(sum(when(bad, 1).otherwise(0))).first();
        failOnBadRows(file, check.isNullAt(0) ? 0 : check.getLong(0), COLUMNS.size() + " numbers per line");
        return rows.select(COLUMNS.stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new));
    }

    private static Column[] withCount(List<Column> typed) {
        List<Column> all = new ArrayList<>(typed);
        all.add(col("n"));
        return all.toArray(Column[]::new);
    }

    private static void failOnBadRows(String file, long bad, String expected) {
        if (bad > 0) {
            throw new IllegalArgumentException(file + ": " + bad + " line(s) are not " + expected
                    + " (C-MAPSS format: unit cycle setting_1..3 s_1..s_21)");
        }
    }

    /** The file's path, after checking it exists so a wrong location is named plainly. */
    private String path(String name) {
        String file = location.endsWith("/") ? location + name : location + "/" + name;
        org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(file);
        try {
            FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (!fs.exists(p)) {
                throw new IllegalArgumentException("C-MAPSS file not found: " + file
                        + " (expected train_, test_ and RUL_FD00x.txt in " + location + ")");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot check " + file + ": " + e.getMessage(), e);
        }
        return file;
    }

    private static String checkSubset(String subset) {
        if (subset == null || !SUBSET.matcher(subset).matches()) {
            throw new IllegalArgumentException("C-MAPSS subset must be FD followed by three digits (FD001..FD004, or "
                    + "another subset in the same format), got '" + subset + "'");
        }
        return subset;
    }

    private static List<String> names(String prefix, int n) {
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            names.add(prefix + i);
        }
        return Collections.unmodifiableList(names);
    }

    private static List<String> columns() {
        List<String> c = new ArrayList<>(List.of(UNIT, CYCLE));
        c.addAll(SETTINGS);
        c.addAll(SENSORS);
        return Collections.unmodifiableList(c);
    }
}
