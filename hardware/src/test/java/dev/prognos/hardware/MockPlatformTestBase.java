package dev.prognos.hardware;

import com.pi4j.context.Context;
import com.pi4j.io.spi.Spi;
import com.pi4j.io.spi.SpiConfig;
import com.pi4j.plugin.mock.provider.i2c.MockI2C;
import com.pi4j.plugin.mock.provider.spi.MockSpiProviderImpl;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;

/** Tests of a driver through Pi4J on its mock platform: one context per test, shut down after it. */
public abstract class MockPlatformTestBase {

    private Context pi4j;

    /** A context with mock I2C; see {@link MockContexts#i2c}. */
    protected Context i2c(Consumer<MockI2C> seed) {
        return keep(MockContexts.i2c(seed));
    }

    /** A context with mock SPI; see {@link MockContexts#spi}. */
    protected Context spi(BiFunction<MockSpiProviderImpl, SpiConfig, Spi> factory) {
        return keep(MockContexts.spi(factory));
    }

    /** A context with mock digital inputs; see {@link MockContexts#digitalInput}. */
    protected Context digitalInput() {
        return keep(MockContexts.digitalInput());
    }

    /** A context with mock I2C, SPI and digital inputs; see {@link MockContexts#all}. */
    protected Context all(Consumer<MockI2C> i2cSeed, BiFunction<MockSpiProviderImpl, SpiConfig, Spi> spiFactory) {
        return keep(MockContexts.all(i2cSeed, spiFactory));
    }

    private Context keep(Context context) {
        pi4j = context;
        return context;
    }

    @AfterEach
    void shutdownPi4j() {
        if (pi4j != null) {
            pi4j.shutdown();
        }
    }
}
