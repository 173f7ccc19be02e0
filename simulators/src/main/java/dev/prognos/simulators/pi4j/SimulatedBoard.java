package dev.prognos.simulators.pi4j;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import dev.prognos.simulators.pi4j.internal.SimDigitalInputProvider;
import dev.prognos.simulators.pi4j.internal.SimI2cProvider;
import dev.prognos.simulators.pi4j.internal.SimSpiProvider;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A simulated Raspberry Pi: which chips sit on which I2C bus and address, SPI chip select and GPIO
 * pin, and a Pi4J {@link Context} whose I2C, SPI and digital-input providers talk to them. The
 * hardware module's drivers take that context exactly as they take {@code Pi4J.newAutoContext()}
 * on a real board, and run unchanged.
 *
 * <pre>{@code
 * Context pi4j = SimulatedBoard.builder().i2c(1, 0x76, new Bme280Chip(...)).build().context();
 * Bme280 bme = new Bme280(pi4j, 1, 0x76);
 * }</pre>
 *
 * An address with no chip behaves like an empty bus: opening works, every transfer fails (NACK),
 * as on Linux.
 */
public final class SimulatedBoard implements AutoCloseable {

    /** I2C bus and 7-bit address. */
    public record I2cAddress(int bus, int address) {
    }

    /** SPI bus and chip select (channel). */
    public record SpiAddress(int bus, int chipSelect) {
    }

    private final Map<I2cAddress, I2cChip> i2c;
    private final Map<SpiAddress, SpiChip> spi;
    private final Map<Integer, DigitalSignal> inputs;
    private final SimDigitalInputProvider digitalInputs;
    private final Context context;

    private SimulatedBoard(Builder b) {
        this.i2c = Map.copyOf(b.i2c);
        this.spi = Map.copyOf(b.spi);
        this.inputs = Map.copyOf(b.inputs);
        this.digitalInputs = new SimDigitalInputProvider(inputs);
        this.context = Pi4J.newContextBuilder()
                .noAutoDetect()
                .add(new SimI2cProvider(i2c), new SimSpiProvider(spi), digitalInputs)
                .build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The Pi4J context to hand to drivers. */
    public Context context() {
        return context;
    }

    /** Shuts the Pi4J context down (closing every I/O the drivers opened) and stops the pin events. */
    @Override
    public void close() {
        context.shutdown();
        digitalInputs.stop();
    }

    public static final class Builder {
        private final Map<I2cAddress, I2cChip> i2c = new HashMap<>();
        private final Map<SpiAddress, SpiChip> spi = new HashMap<>();
        private final Map<Integer, DigitalSignal> inputs = new HashMap<>();

        private Builder() {
        }

        /** Puts {@code chip} on I2C bus {@code bus} at 7-bit {@code address}. */
        public Builder i2c(int bus, int address, I2cChip chip) {
            if (i2c.putIfAbsent(new I2cAddress(bus, address), Objects.requireNonNull(chip)) != null) {
                throw new IllegalArgumentException(String.format("two chips at I2C bus %d address 0x%02X", bus, address));
            }
            return this;
        }

        /** Puts {@code chip} on SPI bus {@code bus} (0 on a Pi's header) at chip select {@code chipSelect}. */
        public Builder spi(int bus, int chipSelect, SpiChip chip) {
            if (spi.putIfAbsent(new SpiAddress(bus, chipSelect), Objects.requireNonNull(chip)) != null) {
                throw new IllegalArgumentException("two chips at SPI bus " + bus + " chip select " + chipSelect);
            }
            return this;
        }

        /** Drives GPIO input {@code bcm} (BCM pin number) with {@code signal}. */
        public Builder digitalInput(int bcm, DigitalSignal signal) {
            if (inputs.putIfAbsent(bcm, Objects.requireNonNull(signal)) != null) {
                throw new IllegalArgumentException("two signals on GPIO " + bcm);
            }
            return this;
        }

        public SimulatedBoard build() {
            return new SimulatedBoard(this);
        }
    }
}
