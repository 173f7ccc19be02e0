package dev.prognos.edge;

import dev.prognos.core.telemetry.TelemetryJson;
import dev.prognos.edge.internal.Fields;
import dev.prognos.edge.internal.Problems;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One entry of the configuration's {@code sensors:} list: which driver, where it is wired, how
 * often it is read, and the driver's parameters. Which wiring keys a sensor takes depends on its
 * {@link Type}: I2C sensors {@code bus} and {@code address}, the MCP3008 {@code bus},
 * {@code chip-select} and {@code channel}, GPIO inputs {@code pin}, the DS18B20 its
 * {@code one-wire-id}. A key that does not apply to the type is refused, like an unknown key.
 *
 * <p>Scalar sensors are read every {@code 1/rate-hz} s. A vibration sensor ({@link Kind#VIBRATION})
 * is instead sampled in a {@link Burst} (e.g. 1 s at 1600 Hz) every {@code burst.every-s} s; the
 * burst is reduced on the device to features and only those are published.
 *
 * @param name       unique among the device's sensors; how remote configuration names it
 *                   ({@code sensors.<name>.rate-hz}). Default: type and list index, e.g. {@code bme280-0}
 * @param type       the driver
 * @param bus        I2C or SPI bus number (-1 when the type has no bus)
 * @param address    7-bit I2C address (-1 when not I2C)
 * @param chipSelect SPI chip select (-1 when not SPI)
 * @param channel    ADC channel (-1 when not an ADC)
 * @param pin        GPIO pin, BCM numbering (-1 when not GPIO)
 * @param oneWireId  1-Wire device id as in /sys/bus/w1/devices, e.g. 28-0316a2794cff (null when not 1-Wire)
 * @param rateHz     readings per second (Hz) of a scalar sensor; for a vibration sensor 1/every-s
 * @param params     the type's parameters, every one present (defaults filled in), as text
 * @param burst      the burst of a vibration sensor, null for a scalar one
 */
public record SensorOptions(String name, Type type, int bus, int address, int chipSelect, int channel, int pin,
                            String oneWireId, double rateHz, Map<String, String> params, Burst burst) {

    // ----- keys of one list entry ------------------------------------------------------------------
    public static final String NAME = "name";
    public static final String NAME_DOC = "Unique name of the sensor on this device, used by remote configuration. "
            + "Default: type-index, e.g. bme280-0.";
    public static final String TYPE = "type";
    /** Spelled out, not built from {@link Type}: Type's constants use this class while it initialises. */
    public static final String TYPE_DOC = "Driver: one of bme280, adxl345, ina219, mcp3008, ds18b20, tachometer, switch. Required.";
    public static final String BUS = "bus";
    public static final String BUS_DOC = "I2C bus (0..31; default 1, the Raspberry Pi header's) or SPI bus (0..6; default 0).";
    public static final String ADDRESS = "address";
    public static final String ADDRESS_DOC = "7-bit I2C address, written 0x76 or 118; the allowed ones depend on the chip. "
            + "Required for I2C sensors.";
    public static final String CHIP_SELECT = "chip-select";
    public static final String CHIP_SELECT_DOC = "SPI chip select (CE0 = 0, CE1 = 1, 0..2). Default: 0.";
    public static final String CHANNEL = "channel";
    public static final String CHANNEL_DOC = "ADC input channel, 0..7. Required for an mcp3008.";
    public static final String PIN = "pin";
    public static final String PIN_DOC = "GPIO pin in BCM numbering, 0..27. Required for GPIO inputs.";
    public static final String ONE_WIRE_ID = "one-wire-id";
    public static final String ONE_WIRE_ID_DOC = "1-Wire id as listed in /sys/bus/w1/devices (family 28 for a DS18B20, "
            + "e.g. 28-0316a2794cff). Required for a ds18b20.";
    /** ds18b20 parameter: the w1 devices directory (a path param, see {@link ParamKind#PATH}). */
    public static final String DS18B20_DEVICES_DIR = "devices-dir";
    /** Where Linux's w1 driver lists 1-Wire devices on a Raspberry Pi. */
    public static final String DEFAULT_W1_DEVICES_DIR = "/sys/bus/w1/devices";
    public static final String RATE_HZ = "rate-hz";
    public static final double DEFAULT_RATE_HZ = 1.0;
    public static final double MAX_RATE_HZ = 10_000.0;
    public static final String RATE_HZ_DOC = "Readings per second (Hz) of a scalar sensor, above 0, at most the type's "
            + "maximum. Default: 1. Not for vibration sensors (see burst).";
    public static final String PARAMS = "params";
    public static final String PARAMS_DOC = "Driver parameters; the keys depend on the type (README).";
    public static final String BURST = "burst";
    public static final String BURST_DOC = "Vibration sensors only: {sample-rate-hz, duration-s, every-s}.";
    public static final String BURST_SAMPLE_RATE_HZ = "sample-rate-hz";
    public static final String BURST_DURATION_S = "duration-s";
    public static final double DEFAULT_BURST_DURATION_S = 1.0;
    public static final String BURST_EVERY_S = "every-s";
    public static final double DEFAULT_BURST_EVERY_S = 10.0;
    /** A burst at most this long (s): its samples are held in memory, 8 bytes each. */
    public static final double MAX_BURST_DURATION_S = 10.0;
    public static final double MAX_BURST_EVERY_S = 86_400.0;

    public static final int DEFAULT_I2C_BUS = 1;
    public static final int DEFAULT_SPI_BUS = 0;

    /** How a sensor is wired, which decides its wiring keys. */
    public enum Wiring {
        I2C(List.of(BUS, ADDRESS)), SPI(List.of(BUS, CHIP_SELECT, CHANNEL)), ONE_WIRE(List.of(ONE_WIRE_ID)),
        GPIO(List.of(PIN));

        /** The wiring keys of this kind. */
        public final List<String> keys;

        Wiring(List<String> keys) {
            this.keys = keys;
        }
    }

    /** Scalar sensors are read at their rate; vibration sensors in bursts reduced to features. */
    public enum Kind { SCALAR, VIBRATION }

    /** What a driver parameter accepts. */
    public enum ParamKind {
        /** a number between min and max */
        NUMBER,
        /** one of the choices */
        CHOICE,
        /** a telemetry name: lower snake case ending in its unit (core's TelemetryJson.READING_NAME) */
        READING,
        /** an absolute file system path, e.g. a sysfs directory */
        PATH
    }

    /** One driver parameter: its name, what it accepts, default (as text) and limits. */
    public record Param(String name, ParamKind kind, String defaultValue, double min, double max, Set<String> choices,
                        String doc) {
        static Param number(String name, double def, double min, double max, String doc) {
            return new Param(name, ParamKind.NUMBER, fmt(def), min, max, null, doc);
        }

        static Param choice(String name, String def, Set<String> choices, String doc) {
            return new Param(name, ParamKind.CHOICE, def, Double.NaN, Double.NaN, choices, doc);
        }

        /** A reading name (core's TelemetryJson.READING_NAME): lower snake case ending in its unit. */
        static Param reading(String def) {
            return new Param("reading", ParamKind.READING, def, Double.NaN, Double.NaN, null,
                    "name of the reading, lower snake case ending in its unit. Default: " + def);
        }

        /** An absolute path (the file or directory need not exist when the file is loaded). */
        static Param path(String name, String def, String doc) {
            return new Param(name, ParamKind.PATH, def, Double.NaN, Double.NaN, null, doc);
        }
    }

    /** The supported sensors, as the hardware module's drivers know them. */
    public enum Type {
        BME280("bme280", Wiring.I2C, Kind.SCALAR, 100, List.of(0x76, 0x77), "0x76 (SDO to GND) or 0x77 (SDO to VDDIO)",
                "one forced measurement takes up to 9.3 ms", List.of()),
        ADXL345("adxl345", Wiring.I2C, Kind.VIBRATION, 0, List.of(0x53, 0x1D), "0x53 (SDO to GND) or 0x1D (SDO to VDDIO)",
                "", List.of(
                        Param.choice("range-g", "8", Set.of("2", "4", "8", "16"), "full scale in g: 2, 4, 8 or 16. Default: 8"),
                        Param.choice("axis", "z", Set.of("x", "y", "z"), "axis whose vibration is reduced to features "
                                + "(mount it radial to the bearing). Default: z"))),
        INA219("ina219", Wiring.I2C, Kind.SCALAR, 100, range(0x40, 0x4F), "0x40..0x4F (A0, A1 straps)",
                "a 12-bit conversion of both channels takes about 1.1 ms", List.of(
                        Param.number("shunt-ohms", 0.1, 0.0001, 100, "shunt resistance in Ω. Default: 0.1"),
                        Param.number("max-current-a", 3.2, 0.001, 100, "largest expected current in A, sets the "
                                + "calibration (resolution = max / 32768). Default: 3.2"))),
        MCP3008("mcp3008", Wiring.SPI, Kind.SCALAR, 1000, List.of(), "", "", List.of(
                Param.reading("loop_current_ma"),
                Param.number("vref-v", 3.3, 0.5, 5.5, "reference voltage on VREF in V. Default: 3.3"),
                Param.number("shunt-ohms", 150, 1, 10_000, "4-20 mA loop shunt in Ω (150 Ω: 0.6..3.0 V). Default: 150"),
                Param.number("at-4ma", 4, -1e9, 1e9, "value of the reading at 4 mA. Default: 4 (the reading is in mA)"),
                Param.number("at-20ma", 20, -1e9, 1e9, "value of the reading at 20 mA. Default: 20"))),
        DS18B20("ds18b20", Wiring.ONE_WIRE, Kind.SCALAR, 1, List.of(), "",
                "a 12-bit conversion takes 750 ms", List.of(Param.reading("bearing_temp_c"),
                        Param.path(DS18B20_DEVICES_DIR, DEFAULT_W1_DEVICES_DIR, "where the kernel's w1 driver lists "
                                + "1-Wire devices, each a directory with a w1_slave file; an absolute path. Default: "
                                + DEFAULT_W1_DEVICES_DIR + " (the simulators point it at their own directory)"))),
        TACHOMETER("tachometer", Wiring.GPIO, Kind.SCALAR, 10, List.of(), "",
                "RPM is counted over the period, so a short one is coarse", List.of(
                        Param.reading("shaft_speed_rpm"),
                        Param.number("pulses-per-rev", 1, 1, 1000, "pulses per revolution (marks on the shaft). Default: 1"))),
        SWITCH("switch", Wiring.GPIO, Kind.SCALAR, 100, List.of(), "", "", List.of(
                Param.reading("switch_active"),
                Param.choice("pull", "up", Set.of("up", "down", "off"), "internal pull resistor. Default: up"),
                Param.choice("active", "low", Set.of("low", "high"), "level that means active (1.0). Default: low "
                        + "(a switch to GND with the pull-up)")));

        /** The spelling in the configuration file. */
        public final String configName;
        public final Wiring wiring;
        public final Kind kind;
        /** Highest rate-hz of a scalar sensor. */
        public final double maxRateHz;
        /** I2C addresses the chip can have (empty when not I2C). */
        public final List<Integer> addresses;
        final String addressHint;
        final String rateHint;
        public final List<Param> params;

        Type(String configName, Wiring wiring, Kind kind, double maxRateHz, List<Integer> addresses, String addressHint,
             String rateHint, List<Param> params) {
            this.configName = configName;
            this.wiring = wiring;
            this.kind = kind;
            this.maxRateHz = maxRateHz;
            this.addresses = addresses;
            this.addressHint = addressHint;
            this.rateHint = rateHint;
            this.params = params;
        }

        public static Optional<Type> parse(String s) {
            return Arrays.stream(values()).filter(t -> t.configName.equals(s)).findFirst();
        }

        static String names() {
            return Arrays.stream(values()).map(t -> t.configName).collect(Collectors.joining(", "));
        }

        Optional<Param> param(String name) {
            return params.stream().filter(p -> p.name().equals(name)).findFirst();
        }
    }

    /**
     * A vibration burst: {@code sampleRateHz} samples per second for {@code durationS} s, every
     * {@code everyS} s.
     */
    public record Burst(double sampleRateHz, double durationS, double everyS) {
        /** Samples in one burst. */
        public int samples() {
            return (int) Math.round(sampleRateHz * durationS);
        }
    }

    /** ADXL345 output data rates (Hz) from 800 up: bursts are for vibration, 1 kHz and up is the aim. */
    public static final List<Double> ADXL345_RATES_HZ = List.of(800.0, 1600.0, 3200.0);
    public static final double DEFAULT_ADXL345_RATE_HZ = 1600.0;

    private static final Pattern ONE_WIRE = Pattern.compile("28-[0-9a-f]{12}");

    public SensorOptions {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
        if ((burst != null) != (type.kind == Kind.VIBRATION)) {
            throw new IllegalArgumentException("a burst is for vibration sensors only: " + type.configName);
        }
    }

    /** An I2C scalar sensor with default parameters, e.g. {@code i2c("bme280-0", Type.BME280, 1, 0x76, 1.0)}. */
    public static SensorOptions i2c(String name, Type type, int bus, int address, double rateHz) {
        return new SensorOptions(name, type, bus, address, -1, -1, -1, null, rateHz, defaults(type), null);
    }

    /** The type's parameters with their defaults. */
    public static Map<String, String> defaults(Type type) {
        Map<String, String> m = new LinkedHashMap<>();
        type.params.forEach(p -> m.put(p.name(), p.defaultValue()));
        return m;
    }

    /** A numeric parameter of the type. */
    public double number(String param) {
        return Double.parseDouble(text(param));
    }

    /** A parameter of the type as text. */
    public String text(String param) {
        String v = params.get(param);
        if (v == null) {
            throw new IllegalArgumentException(type.configName + " has no parameter " + param + " (it has " + params.keySet() + ")");
        }
        return v;
    }

    /** The same sensor read at another rate (a vibration sensor: bursts every 1/rateHz s). */
    public SensorOptions withRateHz(double newRateHz) {
        Burst b = burst == null ? null : new Burst(burst.sampleRateHz(), burst.durationS(), 1.0 / newRateHz);
        return new SensorOptions(name, type, bus, address, chipSelect, channel, pin, oneWireId, newRateHz, params, b);
    }

    /** Where it is wired, for logs and errors: {@code bme280 on I2C bus 1 at 0x76}. */
    public String location() {
        return switch (type.wiring) {
            case I2C -> String.format("%s on I2C bus %d at 0x%02X", type.configName, bus, address);
            case SPI -> String.format("%s on SPI bus %d CE%d channel %d", type.configName, bus, chipSelect, channel);
            case ONE_WIRE -> type.configName + " 1-Wire " + oneWireId;
            case GPIO -> type.configName + " on GPIO " + pin;
        };
    }

    // ----- parsing -----------------------------------------------------------------------------------

    /** Every key an entry may have, whatever its type. */
    static final List<String> ALL_KEYS = List.of(NAME, TYPE, BUS, ADDRESS, CHIP_SELECT, CHANNEL, PIN, ONE_WIRE_ID,
            RATE_HZ, PARAMS, BURST);

    /**
     * Parses the {@code sensors} list; problems name the key ({@code sensors[2].address}). Entries
     * with problems are left out of the result (the caller throws when there are any).
     */
    static List<SensorOptions> parseList(Fields top, String key, Problems problems) {
        com.fasterxml.jackson.databind.JsonNode list = top.raw(key);
        List<SensorOptions> sensors = new ArrayList<>();
        if (list == null) {
            return sensors;
        }
        if (!list.isArray()) {
            top.problem(key, "must be a list of sensors, each with a type and its wiring (README)");
            return sensors;
        }
        Map<String, Integer> wiringTaken = new HashMap<>();
        Map<String, Integer> namesTaken = new HashMap<>();
        for (int i = 0; i < list.size(); i++) {
            Fields s = Fields.of(list.get(i), key + "[" + i + "]", problems, ALL_KEYS);
            SensorOptions parsed = parseOne(s, i);
            if (parsed == null) {
                continue;
            }
            Integer other = namesTaken.putIfAbsent(parsed.name, i);
            if (other != null) {
                s.problem(NAME, "'" + parsed.name + "' is already the name of " + key + "[" + other + "]");
                continue;
            }
            String where = parsed.type.wiring == Wiring.ONE_WIRE ? "1-Wire " + parsed.oneWireId : parsed.wiringKey();
            other = wiringTaken.putIfAbsent(where, i);
            if (other != null) {
                s.problem(parsed.type.wiring.keys.get(parsed.type.wiring.keys.size() - 1),
                        where + " is already used by " + key + "[" + other + "]");
                continue;
            }
            sensors.add(parsed);
        }
        return sensors;
    }

    private String wiringKey() {
        return switch (type.wiring) {
            case I2C -> String.format("I2C bus %d address 0x%02X", bus, address);
            case SPI -> String.format("SPI bus %d chip-select %d channel %d", bus, chipSelect, channel);
            case ONE_WIRE -> "1-Wire " + oneWireId;
            case GPIO -> "GPIO " + pin;
        };
    }

    private static SensorOptions parseOne(Fields s, int index) {
        Optional<String> typeName = s.required(TYPE);
        if (typeName.isEmpty()) {
            return null;
        }
        Optional<Type> parsedType = Type.parse(typeName.get());
        if (parsedType.isEmpty()) {
            s.problem(TYPE, "unknown sensor type '" + typeName.get() + "' (known: " + Type.names() + ")");
            return null;
        }
        Type type = parsedType.get();
        int before = s.problemCount();
        for (String k : List.of(BUS, ADDRESS, CHIP_SELECT, CHANNEL, PIN, ONE_WIRE_ID)) {
            if (s.raw(k) != null && !type.wiring.keys.contains(k)) {
                s.problem(k, "does not apply to a " + type.configName + " (its wiring keys: "
                        + String.join(", ", type.wiring.keys) + ")");
            }
        }
        String name = s.text(NAME).orElse(type.configName + "-" + index);
        if (!TelemetryJson.ID.matcher(name).matches()) {
            s.problem(NAME, "must match " + TelemetryJson.ID.pattern() + ", got '" + name + "'");
        }
        int bus = -1;
        int address = -1;
        int chipSelect = -1;
        int channel = -1;
        int pin = -1;
        String oneWireId = null;
        switch (type.wiring) {
            case I2C -> {
                bus = s.raw(BUS) == null ? DEFAULT_I2C_BUS : s.integer(BUS, 0, 31, false).orElse(-1L).intValue();
                address = s.raw(ADDRESS) == null ? s.required(ADDRESS).map(x -> -1).orElse(-1)
                        : s.integer(ADDRESS, 0x03, 0x77, true).orElse(-1L).intValue();
                if (address >= 0 && !type.addresses.contains(address)) {
                    s.problem(ADDRESS, String.format("must be %s for a%s %s, got 0x%02X", type.addressHint,
                            type == Type.INA219 ? "n" : "", type.configName, address));
                }
            }
            case SPI -> {
                bus = s.raw(BUS) == null ? DEFAULT_SPI_BUS : s.integer(BUS, 0, 6, false).orElse(-1L).intValue();
                chipSelect = s.raw(CHIP_SELECT) == null ? 0 : s.integer(CHIP_SELECT, 0, 2, false).orElse(-1L).intValue();
                channel = s.raw(CHANNEL) == null ? s.required(CHANNEL).map(x -> -1).orElse(-1)
                        : s.integer(CHANNEL, 0, 7, false).orElse(-1L).intValue();
            }
            case GPIO -> pin = s.raw(PIN) == null ? s.required(PIN).map(x -> -1).orElse(-1)
                    : s.integer(PIN, 0, 27, false).orElse(-1L).intValue();
            case ONE_WIRE -> {
                oneWireId = s.required(ONE_WIRE_ID).orElse(null);
                if (oneWireId != null && !ONE_WIRE.matcher(oneWireId).matches()) {
                    s.problem(ONE_WIRE_ID, "must be a DS18B20 id as in /sys/bus/w1/devices: 28- and 12 lower-case hex "
                            + "digits, e.g. 28-0316a2794cff, got '" + oneWireId + "'");
                }
            }
        }
        Map<String, String> params = params(s, type);
        double rate;
        Burst burst = null;
        if (type.kind == Kind.VIBRATION) {
            if (s.raw(RATE_HZ) != null) {
                s.problem(RATE_HZ, "does not apply to a vibration sensor: it is sampled in bursts, set "
                        + BURST + "." + BURST_EVERY_S + " (and " + BURST + "." + BURST_SAMPLE_RATE_HZ + ")");
            }
            burst = burst(Fields.of(s.raw(BURST), s.key(BURST), s.problems(),
                    List.of(BURST_SAMPLE_RATE_HZ, BURST_DURATION_S, BURST_EVERY_S)));
            rate = burst == null ? -1 : 1.0 / burst.everyS();
        } else {
            if (s.raw(BURST) != null) {
                s.problem(BURST, "applies to vibration sensors only (" + vibrationTypes() + ")");
            }
            rate = s.raw(RATE_HZ) == null ? DEFAULT_RATE_HZ : s.positive(RATE_HZ, MAX_RATE_HZ).orElse(-1.0);
            if (rate > type.maxRateHz) {
                s.problem(RATE_HZ, "must be at most " + fmt(type.maxRateHz) + " for a " + type.configName
                        + (type.rateHint.isEmpty() ? "" : " (" + type.rateHint + ")") + ", got " + fmt(rate));
            }
        }
        if (s.problemCount() > before) {
            return null;
        }
        return new SensorOptions(name, type, bus, address, chipSelect, channel, pin, oneWireId, rate, params, burst);
    }

    private static Map<String, String> params(Fields s, Type type) {
        Map<String, String> params = defaults(type);
        Fields p = Fields.of(s.raw(PARAMS), s.key(PARAMS), s.problems(),
                type.params.stream().map(Param::name).toList());
        for (Param param : type.params) {
            if (p.raw(param.name()) == null) {
                continue;
            }
            switch (param.kind()) {
                case NUMBER -> p.number(param.name(), param.min(), param.max()).ifPresent(v -> params.put(param.name(), fmt(v)));
                case READING -> p.text(param.name()).ifPresent(v -> {
                    if (TelemetryJson.READING_NAME.matcher(v).matches()) {
                        params.put(param.name(), v);
                    } else {
                        p.problem(param.name(), "must be lower snake case ending in the unit (e.g. discharge_pressure_bar), "
                                + "matching " + TelemetryJson.READING_NAME.pattern() + ", got '" + v + "'");
                    }
                });
                case PATH -> p.text(param.name()).ifPresent(v -> {
                    // Relative paths would depend on the service's working directory.
                    if (isAbsolutePath(v)) {
                        params.put(param.name(), v);
                    } else {
                        p.problem(param.name(), "must be an absolute path, e.g. " + param.defaultValue() + ", got '" + v + "'");
                    }
                });
                case CHOICE -> p.oneOf(param.name(), param.choices()).ifPresent(v -> params.put(param.name(), v));
            }
        }
        return params;
    }

    private static boolean isAbsolutePath(String v) {
        try {
            return java.nio.file.Path.of(v).isAbsolute();
        } catch (java.nio.file.InvalidPathException e) {
            return false;
        }
    }

    private static Burst burst(Fields b) {
        int before = b.problemCount();
        double rate = b.raw(BURST_SAMPLE_RATE_HZ) == null ? DEFAULT_ADXL345_RATE_HZ
                : b.positive(BURST_SAMPLE_RATE_HZ, 3200).orElse(-1.0);
        if (rate > 0 && !ADXL345_RATES_HZ.contains(rate)) {
            b.problem(BURST_SAMPLE_RATE_HZ, "must be one of the ADXL345's output data rates 800, 1600 or 3200, got " + fmt(rate));
        }
        double duration = b.raw(BURST_DURATION_S) == null ? DEFAULT_BURST_DURATION_S
                : b.positive(BURST_DURATION_S, MAX_BURST_DURATION_S).orElse(-1.0);
        double every = b.raw(BURST_EVERY_S) == null ? DEFAULT_BURST_EVERY_S
                : b.positive(BURST_EVERY_S, MAX_BURST_EVERY_S).orElse(-1.0);
        if (duration > 0 && every > 0 && every <= duration) {
            b.problem(BURST_EVERY_S, "must be longer than " + BURST_DURATION_S + " (" + fmt(duration) + " s), got " + fmt(every));
        }
        return b.problemCount() > before ? null : new Burst(rate, duration, every);
    }

    private static String vibrationTypes() {
        return Arrays.stream(Type.values()).filter(t -> t.kind == Kind.VIBRATION).map(t -> t.configName)
                .collect(Collectors.joining(", "));
    }

    private static List<Integer> range(int from, int to) {
        List<Integer> l = new ArrayList<>();
        for (int a = from; a <= to; a++) {
            l.add(a);
        }
        return List.copyOf(l);
    }

    static String fmt(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    @Override
    public String toString() {
        return name + " (" + location() + ", " + (burst == null ? fmt(rateHz) + " Hz"
                : String.format(Locale.ROOT, "bursts of %s s at %s Hz every %s s", fmt(burst.durationS()),
                fmt(burst.sampleRateHz()), fmt(burst.everyS()))) + (params.isEmpty() ? "" : ", " + params) + ")";
    }
}
