package dev.prognos.simulators.pi4j.internal;

import com.pi4j.io.spi.Spi;
import com.pi4j.io.spi.SpiConfig;
import com.pi4j.io.spi.SpiProviderBase;
import dev.prognos.simulators.pi4j.SimulatedBoard.SpiAddress;
import dev.prognos.simulators.pi4j.SpiChip;
import java.util.Map;

/** Pi4J SPI provider whose handles talk to the simulated chips of a board. */
public final class SimSpiProvider extends SpiProviderBase {

    public static final String ID = "prognos-sim-spi";

    private final Map<SpiAddress, SpiChip> chips;

    public SimSpiProvider(Map<SpiAddress, SpiChip> chips) {
        super(ID, "Prognos simulated SPI");
        this.chips = chips;
    }

    @Override
    public int getPriority() {
        return 1000;
    }

    @Override
    public Spi create(SpiConfig config) {
        int bus = config.bus() == null ? 0 : config.bus().getBus();
        int channel = config.channel() == null ? 0 : config.channel();
        SimSpi spi = new SimSpi(this, config, chips.get(new SpiAddress(bus, channel)), bus, channel);
        this.context.registry().add(spi);
        return spi;
    }
}
