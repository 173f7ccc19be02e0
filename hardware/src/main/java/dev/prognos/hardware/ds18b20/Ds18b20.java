package dev.prognos.hardware.ds18b20;

import dev.prognos.hardware.Sensor;
import dev.prognos.hardware.SensorException;
import dev.prognos.hardware.ds18b20.internal.W1Slave;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maxim DS18B20 1-Wire temperature sensor, read through the Linux kernel's w1-gpio and w1_therm
 * drivers ({@code dtoverlay=w1-gpio}): each sensor is a directory {@code 28-<serial>} under
 * {@code /sys/bus/w1/devices}. Reading {@code w1_slave} makes the kernel run a conversion (750 ms
 * at 12 bits), so read at most about once a second per sensor.
 *
 * <p>A CRC failure ({@code crc=.. NO}), an all-zero scratchpad (nothing answering) and the
 * power-on value +85 °C (the conversion did not run: usually a weak supply in parasite mode) are
 * errors rather than readings. Not Pi4J: the kernel owns the 1-Wire bus. Thread-safe (stateless reads).
 */
public final class Ds18b20 implements Sensor {

    /** Where the kernel lists 1-Wire devices. */
    public static final Path SYSFS_DEVICES = Path.of("/sys/bus/w1/devices");
    /** Directory name prefix of the DS18B20 family (family code 0x28). */
    public static final String FAMILY_PREFIX = "28-";

    private static final Logger LOG = LoggerFactory.getLogger(Ds18b20.class);

    private final Path directory;
    private final String id;
    private final String reading;

    /**
     * Finds the sensor.
     *
     * @param devicesDir {@link #SYSFS_DEVICES} on a Pi (tests use a temporary directory)
     * @param id         the sensor's directory name, e.g. {@code 28-0316a2793aff}; {@code null} for
     *                   the only DS18B20 present (an error if there are none or several)
     * @param reading    telemetry name, with the unit: e.g. {@code bearing_temp_c}
     * @throws SensorException if the sensor is not there, naming what is
     */
    public Ds18b20(Path devicesDir, String id, String reading) {
        Objects.requireNonNull(devicesDir, "devicesDir");
        this.reading = Objects.requireNonNull(reading, "reading");
        List<String> present = discover(devicesDir);
        if (id == null) {
            if (present.size() != 1) {
                throw new SensorException(String.format("DS18B20: %s under %s%s; give the id of the one to read",
                        present.isEmpty() ? "no sensor" : present.size() + " sensors " + present, devicesDir,
                        present.isEmpty() ? " (is 1-Wire enabled: dtoverlay=w1-gpio in config.txt, and a 4.7 kΩ"
                                + " pull-up from DQ to 3V3?)" : ""));
            }
            id = present.get(0);
        } else if (!id.startsWith(FAMILY_PREFIX)) {
            throw new IllegalArgumentException("DS18B20 id must start with 28- (the DS18B20 family code), got '" + id + "'");
        } else if (!present.contains(id)) {
            throw new SensorException(String.format("DS18B20 %s: not found under %s (present: %s)", id, devicesDir,
                    present.isEmpty() ? "none; is 1-Wire enabled: dtoverlay=w1-gpio?" : present));
        }
        this.id = id;
        this.directory = devicesDir.resolve(id);
        LOG.info("DS18B20 {} found under {}", id, devicesDir);
    }

    /** The DS18B20 directories under {@code devicesDir}, sorted; none if the directory does not exist. */
    public static List<String> discover(Path devicesDir) {
        if (!Files.isDirectory(devicesDir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(devicesDir)) {
            return entries.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(FAMILY_PREFIX)).sorted().toList();
        } catch (IOException e) {
            throw new SensorException("DS18B20: cannot list " + devicesDir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Runs a conversion and returns the temperature in °C (0.0625 °C resolution at 12 bits).
     *
     * @throws SensorException on a CRC failure, no answer, the power-on value, or a missing sensor
     */
    public double readCelsius() {
        Path w1Slave = directory.resolve("w1_slave");
        Path temperature = directory.resolve("temperature");
        try {
            if (Files.exists(w1Slave) || !Files.exists(temperature)) {
                return fromW1Slave(Files.readString(w1Slave, StandardCharsets.US_ASCII));
            }
            return fromTemperatureFile(Files.readString(temperature, StandardCharsets.US_ASCII));
        } catch (NoSuchFileException e) {
            throw new SensorException(String.format("DS18B20 %s: %s is gone: the sensor was unplugged or the 1-Wire"
                    + " master lost it", id, e.getFile()), e);
        } catch (IOException e) {
            throw new SensorException(String.format("DS18B20 %s: reading %s failed: %s", id, w1Slave, e.getMessage()), e);
        }
    }

    @Override
    public Map<String, Double> readings() {
        return Map.of(reading, readCelsius());
    }

    @Override
    public String describe() {
        return "DS18B20 " + id + " (1-Wire)";
    }

    public String id() {
        return id;
    }

    /** Nothing to release: the kernel owns the bus. */
    @Override
    public void close() {
    }

    private double fromW1Slave(String text) {
        W1Slave.Parsed parsed;
        try {
            parsed = W1Slave.parse(text);
        } catch (IllegalArgumentException e) {
            throw new SensorException("DS18B20 " + id + ": " + e.getMessage(), e);
        }
        if (!parsed.crcOk()) {
            throw new SensorException(String.format("DS18B20 %s: CRC check failed (crc ... NO): the scratchpad was"
                    + " corrupted on the wire; check the 4.7 kΩ pull-up, cable length and grounding", id));
        }
        if (parsed.allZero()) {
            throw new SensorException(String.format("DS18B20 %s: the scratchpad reads all zeros: the sensor is not"
                    + " answering (DQ disconnected or the sensor lost power)", id));
        }
        return checkPowerOn(parsed.rawTemperature());
    }

    private double fromTemperatureFile(String text) {
        int milliC;
        try {
            milliC = Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new SensorException("DS18B20 " + id + ": temperature file holds '" + text.strip() + "', not m°C", e);
        }
        // The kernel writes raw × 1000 / 16, so the raw value comes back exactly.
        return checkPowerOn((int) Math.round(milliC * 16 / 1000.0));
    }

    private double checkPowerOn(int raw) {
        if (raw == W1Slave.POWER_ON_RAW) {
            throw new SensorException(String.format("DS18B20 %s: reads +85 °C, the power-on value of the temperature"
                    + " register: the conversion did not run (in parasite-power mode the pull-up is too weak; wire VDD"
                    + " to 3V3)", id));
        }
        return W1Slave.celsius(raw);
    }
}
