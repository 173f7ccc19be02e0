package dev.prognos.stream;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prognos.simulators.SimulatedMachine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Grafana dashboards in {@code dashboards/grafana} query what {@link InfluxHealthSink} writes:
 * every InfluxQL query of every panel and variable reads measurement {@value InfluxHealthSink#MEASUREMENT},
 * and every quoted name in it is one of the sink's tags, one of its fields (built from its
 * constants and the simulated pump's reading names), or an alias the query itself defines.
 */
class GrafanaDashboardsTest {

    private static final Path GRAFANA = Path.of("..", "dashboards", "grafana");
    private static final Pattern FROM = Pattern.compile("FROM \"([^\"]+)\"");
    private static final Pattern ALIAS = Pattern.compile("AS \"([^\"]+)\"");
    private static final Pattern QUOTED = Pattern.compile("\"([^\"]+)\"");

    private static final List<String> READINGS = List.of(SimulatedMachine.VIB_RMS_MM_S, SimulatedMachine.VIB_PEAK_MM_S,
            SimulatedMachine.VIB_KURTOSIS, SimulatedMachine.BEARING_TEMP_C, SimulatedMachine.MOTOR_CURRENT_A);

    private static Set<String> knownNames() {
        Set<String> names = new HashSet<>(List.of(InfluxHealthSink.MEASUREMENT, InfluxHealthSink.TAG_DEVICE,
                InfluxHealthSink.TAG_SITE, InfluxHealthSink.TAG_ASSET, InfluxHealthSink.TAG_ZONE,
                InfluxHealthSink.TAG_RETROACTIVE, InfluxHealthSink.FIELD_OPEN_ALERTS, InfluxHealthSink.FIELD_MODEL_VERSION,
                InfluxHealthSink.FIELD_RUL, InfluxHealthSink.FIELD_FAILURE_PROBABILITY));
        for (String r : READINGS) {
            InfluxHealthSink.FEATURE_SUFFIXES.forEach(s -> names.add(r + s));
            names.add(InfluxHealthSink.Z_PREFIX + r);
            names.add(InfluxHealthSink.CUSUM_PREFIX + r);
        }
        return names;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"fleet.json", "device.json"})
    void shouldQueryOnlyTheMeasurementTagsAndFieldsTheSinkWrites(String file) throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(GRAFANA.resolve("dashboards").resolve(file).toFile());
        List<String> queries = new ArrayList<>();
        dashboard.path("panels").forEach(p -> p.path("targets").forEach(t -> queries.add(t.path("query").asText())));
        dashboard.path("templating").path("list").forEach(v -> queries.add(v.path("query").asText()));
        assertThat(queries).hasSizeGreaterThan(5).allSatisfy(q -> assertThat(q).isNotBlank());

        Set<String> known = knownNames();
        for (String q : queries) {
            Matcher from = FROM.matcher(q);
            int froms = 0;
            while (from.find()) {
                froms++;
                assertThat(from.group(1)).as("measurement in: %s", q).isEqualTo(InfluxHealthSink.MEASUREMENT);
            }
            assertThat(froms).as("a FROM in: %s", q).isPositive();
            Set<String> aliases = new HashSet<>();
            ALIAS.matcher(q).results().forEach(m -> aliases.add(m.group(1)));
            Matcher quoted = QUOTED.matcher(q);
            while (quoted.find()) {
                String name = quoted.group(1);
                assertThat(known.contains(name) || aliases.contains(name))
                        .as("'%s' is a tag or field InfluxHealthSink writes, or an alias, in: %s", name, q).isTrue();
            }
        }
        dashboard.path("panels").forEach(p -> assertThat(p.path("datasource").path("uid").asText()).isEqualTo("prognos-influxdb"));
    }

    @Test
    void shouldProvisionTheDatasourceTheDashboardsUse() throws IOException {
        String datasource = Files.readString(GRAFANA.resolve("provisioning/datasources/prognos-influxdb.yaml"));
        assertThat(datasource).contains("uid: prognos-influxdb", "type: influxdb", "version: InfluxQL");
        try (Stream<Path> files = Files.list(GRAFANA.resolve("dashboards"))) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactlyInAnyOrder("fleet.json", "device.json");
        }
    }
}
