package dev.prognos.hardware.mcp3008;

import com.pi4j.context.Context;
import dev.prognos.hardware.Sensor;
import dev.prognos.hardware.SensorException;
import dev.prognos.hardware.SpiDevice;
import dev.prognos.hardware.internal.Devices;
import dev.prognos.hardware.mcp3008.internal.Mcp3008Frames;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Microchip MCP3008 8-channel 10-bit ADC on SPI (datasheet DS21295D), for analog sensors such as
 * 4–20 mA transmitters read across a shunt ({@link CurrentLoop}).
 *
 * <p>The chip has no id and no registers: every conversion is one 3-byte transfer. What can be
 * checked is the null bit the chip drives low just before the result; a missing chip (MISO
 * floating or pulled high) fails that check, at start and on every read. Not thread-safe.
 */
public final class Mcp3008 implements Sensor {

    /** SCLK: the datasheet allows 1.35 MHz at 2.7 V and 3.6 MHz at 5 V; 1 MHz is safe at 3.3 V. */
    public static final int CLOCK_HZ = 1_000_000;
    /** SPI mode 0 (CPOL 0, CPHA 0); the chip also supports mode 3. */
    public static final int SPI_MODE = 0;

    private static final Logger LOG = LoggerFactory.getLogger(Mcp3008.class);

    private final SpiDevice spi;
    private final double vrefV;
    private final List<Mcp3008Input> inputs;

    /**
     * Opens the chip on a Pi4J SPI bus.
     *
     * @param bus        SPI bus (0 on the Pi's header)
     * @param chipSelect 0 (CE0, pin 24) or 1 (CE1, pin 26)
     * @param vrefV      voltage on VREF in V (3.3 when tied to the Pi's 3V3)
     * @param inputs     the channels {@link #readings()} reports
     * @throws SensorException if no MCP3008 answers
     */
    public Mcp3008(Context pi4j, int bus, int chipSelect, double vrefV, List<Mcp3008Input> inputs) {
        this(SpiDevice.spi(Objects.requireNonNull(pi4j, "pi4j"), pi4jId(bus, chipSelect, inputs), bus, chipSelect,
                CLOCK_HZ, SPI_MODE), vrefV, inputs);
    }

    /** Drives an MCP3008 behind any SPI seam; takes ownership of {@code spi}. */
    public Mcp3008(SpiDevice spi, double vrefV, List<Mcp3008Input> inputs) {
        this.spi = Objects.requireNonNull(spi, "spi");
        try {
            if (!(vrefV > 0 && vrefV <= 5.5)) {
                throw new IllegalArgumentException("MCP3008 VREF must be in (0, 5.5] V, got " + vrefV);
            }
            this.vrefV = vrefV;
            this.inputs = List.copyOf(inputs);
            for (Mcp3008Input input : this.inputs) {
                readCode(input.channel());
            }
        } catch (RuntimeException e) {
            throw Devices.closeAfter(e, spi);
        }
        LOG.info("MCP3008 on {} ready: VREF {} V, inputs {}", spi.location(), vrefV, this.inputs);
    }

    /**
     * Converts one channel, single-ended.
     *
     * @return the 10-bit code, 0..1023
     * @throws SensorException if the null bit is not low (no MCP3008 answering)
     */
    public int readCode(int channel) {
        if (channel < 0 || channel >= Mcp3008Frames.CHANNELS) {
            throw new IllegalArgumentException("MCP3008 channel must be 0..7, got " + channel);
        }
        byte[] rx = spi.transfer(Mcp3008Frames.request(channel));
        if (!Mcp3008Frames.nullBitLow(rx)) {
            throw new SensorException(String.format("MCP3008 on %s: channel %d answered 0x%02X 0x%02X 0x%02X without"
                            + " the null bit an MCP3008 drives low: no MCP3008 answering (check DOUT to MISO, CS to"
                            + " the chip select pin, and its supply)", spi.location(), channel, rx[0] & 0xFF,
                    rx[1] & 0xFF, rx[2] & 0xFF));
        }
        return Mcp3008Frames.code(rx);
    }

    /** Converts one channel and scales it to volts: code × VREF / 1024. */
    public double readVolts(int channel) {
        return readCode(channel) * vrefV / Mcp3008Frames.CODES;
    }

    /**
     * Each configured input under its reading name: volts, or the 4–20 mA loop's engineering value.
     *
     * @throws SensorException naming the channel if a loop current is out of range or the ADC is at
     *                         full scale (the true value is unknown above it)
     */
    @Override
    public Map<String, Double> readings() {
        Map<String, Double> readings = new LinkedHashMap<>();
        for (Mcp3008Input input : inputs) {
            int code = readCode(input.channel());
            double volts = code * vrefV / Mcp3008Frames.CODES;
            String where = "MCP3008 channel " + input.channel() + " on " + spi.location();
            if (input.loop() == null) {
                readings.put(input.reading(), volts);
                continue;
            }
            if (code == Mcp3008Frames.FULL_SCALE_CODE) {
                throw new SensorException(String.format("%s: the ADC is at full scale (%.3f V): the loop current is"
                        + " %.2f mA or more; use a smaller shunt", where, vrefV, input.loop().currentMa(vrefV)));
            }
            readings.put(input.reading(), input.loop().value(volts, where));
        }
        return readings;
    }

    @Override
    public String describe() {
        return "MCP3008 on " + spi.location();
    }

    /** Releases the bus (the chip draws 5 nA between conversions: it has no sleep command). */
    @Override
    public void close() {
        spi.close();
    }

    private static String pi4jId(int bus, int chipSelect, List<Mcp3008Input> inputs) {
        // Several agents' inputs may share a chip: the first channel keeps their Pi4J ids apart.
        return String.format("mcp3008-%d-%d-ch%d", bus, chipSelect, inputs.isEmpty() ? 0 : inputs.get(0).channel());
    }
}
