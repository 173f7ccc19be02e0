package dev.prognos.simulators.pi4j.internal;

import com.pi4j.io.i2c.I2C;
import com.pi4j.io.i2c.I2CConfig;
import com.pi4j.io.i2c.I2CProviderBase;
import dev.prognos.simulators.pi4j.I2cChip;
import dev.prognos.simulators.pi4j.SimulatedBoard.I2cAddress;
import java.util.Map;

/** Pi4J I2C provider whose handles talk to the simulated chips of a board. */
public final class SimI2cProvider extends I2CProviderBase {

    public static final String ID = "prognos-sim-i2c";

    private final Map<I2cAddress, I2cChip> chips;

    public SimI2cProvider(Map<I2cAddress, I2cChip> chips) {
        super(ID, "Prognos simulated I2C");
        this.chips = chips;
    }

    @Override
    public int getPriority() {
        return 1000;
    }

    @Override
    public I2C create(I2CConfig config) {
        SimI2c i2c = new SimI2c(this, config, chips.get(new I2cAddress(config.bus(), config.device())));
        this.context.registry().add(i2c);
        return i2c;
    }
}
