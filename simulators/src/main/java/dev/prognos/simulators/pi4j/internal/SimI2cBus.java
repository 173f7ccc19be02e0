package dev.prognos.simulators.pi4j.internal;

import com.pi4j.io.i2c.I2C;
import com.pi4j.io.i2c.I2CBusBase;
import com.pi4j.io.i2c.I2CConfig;
import java.util.concurrent.Callable;

/** One transaction at a time per handle, like a real bus (Pi4J's lock, with its timeout). */
final class SimI2cBus extends I2CBusBase {

    SimI2cBus(I2CConfig config) {
        super(config);
    }

    @Override
    public <R> R execute(I2C i2c, Callable<R> action) {
        return _execute(i2c, action);
    }
}
