package dev.prognos.edge;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.prognos.edge.internal.Fields;
import dev.prognos.edge.internal.Problems;
import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The settings the cloud may change on a running device, through the retained message of
 * {@code prognos/v1/{site}/{device}/config} (core's {@code MqttTopics.config}). The payload is a
 * JSON object with a subset of the settings; every key is optional except {@code version}:
 *
 * <pre>{@code
 * {"version": 7,
 *  "status-interval-s": 30,
 *  "outbox": {"max-bytes": "32MiB", "policy": "drop-oldest", "flush-rate-per-s": 200},
 *  "sensors": {"bme280-0": {"rate-hz": 0.2}, "adxl345-1": {"burst": {"every-s": 60}}}}
 * }</pre>
 *
 * It is a desired state, not a patch: the device's effective settings are its file's (and
 * environment's) values with the keys of the newest remote document on top, so applying the same
 * document twice changes nothing and an empty (cleared) retained message returns the device to its
 * file. A document is applied whole or not at all: one bad key refuses it, the device keeps what it
 * had and reports the refusal, naming the key, in its status message. A document whose version is
 * not above the applied one is ignored (the broker hands the retained message again at each
 * reconnection). Device identity, broker, TLS, credentials and the sensors' wiring are not remote:
 * changing them could cut the device off.
 */
public final class RemoteConfig {

    public static final String VERSION = "version";
    public static final String VERSION_DOC = "Version of this configuration, an integer from 1, above the one applied "
            + "(a lower or equal one is ignored). Required.";
    public static final String STATUS_INTERVAL_S = "status-interval-s";
    public static final int MIN_STATUS_INTERVAL_S = 1;
    public static final int MAX_STATUS_INTERVAL_S = 3600;
    public static final String STATUS_INTERVAL_S_DOC = "Seconds between status messages while connected, 1..3600. "
            + "Default: the agent's --status-interval-s.";
    public static final String OUTBOX = "outbox";
    public static final String OUTBOX_DOC = "outbox.max-bytes, outbox.policy, outbox.flush-rate-per-s: as in the file.";
    public static final String SENSORS = "sensors";
    public static final String SENSORS_DOC = "Per configured sensor name: {rate-hz} for a scalar sensor, "
            + "{burst: {every-s}} for a vibration sensor. Wiring and burst sample rate stay in the file.";

    /** The remotely changeable settings, all of them, as they are in effect. */
    public record Settings(int statusIntervalS, AgentOptions.Outbox outbox, Map<String, Double> sensorRatesHz) {
        public Settings {
            Objects.requireNonNull(outbox, "outbox");
            sensorRatesHz = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(sensorRatesHz));
        }

        /** The file's settings: the base every remote document is laid over. */
        public static Settings of(AgentOptions options, int statusIntervalS) {
            Map<String, Double> rates = new LinkedHashMap<>();
            options.sensors().forEach(s -> rates.put(s.name(), s.rateHz()));
            return new Settings(statusIntervalS, options.outbox(), rates);
        }
    }

    /** A document that was accepted: its version and the settings it puts in effect. */
    public record Accepted(long version, Settings settings) {
    }

    /** A document that was refused: its version (0 if it had none) and every problem, each naming its key. */
    public static final class RefusedException extends RuntimeException {
        private final long version;
        private final List<InvalidOptionsException.Problem> problems;

        RefusedException(long version, List<InvalidOptionsException.Problem> problems) {
            super("remote configuration" + (version > 0 ? " version " + version : "") + " refused: "
                    + problems.stream().map(Object::toString).reduce((a, b) -> a + "; " + b).orElse(""));
            this.version = version;
            this.problems = List.copyOf(problems);
        }

        public long version() {
            return version;
        }

        public List<InvalidOptionsException.Problem> problems() {
            return problems;
        }
    }

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();

    private RemoteConfig() {
    }

    /**
     * Reads a remote document and lays it over the file's settings.
     *
     * @param payload the retained message; empty means "cleared": the file's settings, version 0
     * @param base    the file's settings ({@link Settings#of})
     * @param sensors the configured sensors, for their names, types and limits
     * @throws RefusedException naming every bad key; nothing is applied then
     */
    public static Accepted parse(byte[] payload, Settings base, List<SensorOptions> sensors) {
        if (payload.length == 0) {
            return new Accepted(0, base);
        }
        JsonNode root;
        try {
            root = JSON.readTree(payload);
        } catch (JsonProcessingException e) {
            throw new RefusedException(0, List.of(new InvalidOptionsException.Problem("(document)",
                    "not valid JSON: " + e.getOriginalMessage())));
        } catch (IOException e) {
            throw new RefusedException(0, List.of(new InvalidOptionsException.Problem("(document)", e.getMessage())));
        }
        Problems problems = new Problems();
        Fields top = Fields.of(root, "", problems, List.of(VERSION, STATUS_INTERVAL_S, OUTBOX, SENSORS));
        long version = top.raw(VERSION) == null ? top.required(VERSION).map(x -> 0L).orElse(0L)
                : top.integer(VERSION, 1, Long.MAX_VALUE, false).orElse(0L);
        int statusIntervalS = top.raw(STATUS_INTERVAL_S) == null ? base.statusIntervalS()
                : top.integer(STATUS_INTERVAL_S, MIN_STATUS_INTERVAL_S, MAX_STATUS_INTERVAL_S, false)
                .map(Long::intValue).orElse(base.statusIntervalS());
        AgentOptions.Outbox outbox = AgentOptions.outbox(Fields.of(top.raw(OUTBOX), OUTBOX, problems,
                List.of("max-bytes", "policy", "flush-rate-per-s")), base.outbox());
        Map<String, Double> rates = new LinkedHashMap<>(base.sensorRatesHz());
        JsonNode sensorsNode = top.raw(SENSORS);
        if (sensorsNode != null && !sensorsNode.isObject()) {
            top.problem(SENSORS, "must be an object of sensor name to settings, e.g. {\"bme280-0\": {\"rate-hz\": 2}}");
        } else if (sensorsNode != null) {
            for (Iterator<String> it = sensorsNode.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                String key = SENSORS + "." + name;
                SensorOptions sensor = sensors.stream().filter(s -> s.name().equals(name)).findFirst().orElse(null);
                if (sensor == null) {
                    problems.add(key, "no sensor named '" + name + "' on this device (its sensors: "
                            + String.join(", ", sensors.stream().map(SensorOptions::name).toList()) + ")");
                    continue;
                }
                if (sensor.type().kind == SensorOptions.Kind.VIBRATION) {
                    Fields f = Fields.of(sensorsNode.get(name), key, problems, List.of(SensorOptions.BURST));
                    Fields burst = Fields.of(f.raw(SensorOptions.BURST), f.key(SensorOptions.BURST), problems,
                            List.of(SensorOptions.BURST_EVERY_S));
                    if (burst.raw(SensorOptions.BURST_EVERY_S) != null) {
                        burst.positive(SensorOptions.BURST_EVERY_S, SensorOptions.MAX_BURST_EVERY_S).ifPresent(every -> {
                            if (every <= sensor.burst().durationS()) {
                                burst.problem(SensorOptions.BURST_EVERY_S, "must be longer than the burst's duration ("
                                        + SensorOptions.fmt(sensor.burst().durationS()) + " s), got " + SensorOptions.fmt(every));
                            } else {
                                rates.put(name, 1.0 / every);
                            }
                        });
                    }
                } else {
                    Fields f = Fields.of(sensorsNode.get(name), key, problems, List.of(SensorOptions.RATE_HZ));
                    if (f.raw(SensorOptions.RATE_HZ) != null) {
                        f.positive(SensorOptions.RATE_HZ, sensor.type().maxRateHz).ifPresent(hz -> rates.put(name, hz));
                    }
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new RefusedException(version, problems.list());
        }
        return new Accepted(version, new Settings(statusIntervalS, outbox, rates));
    }
}
