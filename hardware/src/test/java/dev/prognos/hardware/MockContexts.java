package dev.prognos.hardware;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.i2c.I2C;
import com.pi4j.io.i2c.I2CConfig;
import com.pi4j.io.spi.Spi;
import com.pi4j.io.spi.SpiConfig;
import com.pi4j.plugin.mock.platform.MockPlatform;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProviderImpl;
import com.pi4j.plugin.mock.provider.i2c.MockI2C;
import com.pi4j.plugin.mock.provider.i2c.MockI2CProviderImpl;
import com.pi4j.plugin.mock.provider.spi.MockSpiProviderImpl;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * Pi4J contexts on the mock platform. {@code autoDetectMockPlugins()} alone fails with
 * ProviderNotFoundException (STACK.md), so the platform and each provider are registered explicitly.
 */
public final class MockContexts {

    private MockContexts() {
    }

    /** Mock I2C whose devices are seeded by {@code seed} when created (MockI2C: a byte FIFO per register). */
    public static Context i2c(Consumer<MockI2C> seed) {
        return Pi4J.newContextBuilder().add(new MockPlatform()).add(new SeededMockI2CProvider(seed)).build();
    }

    /** Mock SPI whose devices are made by {@code factory} (a MockSpi subclass that answers like a chip). */
    public static Context spi(BiFunction<MockSpiProviderImpl, SpiConfig, Spi> factory) {
        return Pi4J.newContextBuilder().add(new MockPlatform()).add(new ChipMockSpiProvider(factory)).build();
    }

    /** Mock I2C, SPI and digital inputs together, as a board has them. */
    public static Context all(Consumer<MockI2C> i2cSeed, BiFunction<MockSpiProviderImpl, SpiConfig, Spi> spiFactory) {
        return Pi4J.newContextBuilder().add(new MockPlatform()).add(new SeededMockI2CProvider(i2cSeed))
                .add(new ChipMockSpiProvider(spiFactory)).add(new MockDigitalInputProviderImpl()).build();
    }

    /** Mock digital inputs: drive them with {@code MockDigitalInput.mockState}. */
    public static Context digitalInput() {
        return Pi4J.newContextBuilder().add(new MockPlatform()).add(new MockDigitalInputProviderImpl()).build();
    }

    private static final class SeededMockI2CProvider extends MockI2CProviderImpl {
        private final Consumer<MockI2C> seed;

        SeededMockI2CProvider(Consumer<MockI2C> seed) {
            this.seed = seed;
        }

        @Override
        public I2C create(I2CConfig config) {
            I2C i2c = super.create(config);
            seed.accept((MockI2C) i2c);
            return i2c;
        }
    }

    private static final class ChipMockSpiProvider extends MockSpiProviderImpl {
        private final BiFunction<MockSpiProviderImpl, SpiConfig, Spi> factory;

        ChipMockSpiProvider(BiFunction<MockSpiProviderImpl, SpiConfig, Spi> factory) {
            this.factory = factory;
        }

        @Override
        public Spi create(SpiConfig config) {
            Spi spi = factory.apply(this, config);
            context.registry().add(spi);
            return spi;
        }
    }
}
