package dev.prognos.simulators.pi4j.internal;

import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalInputConfig;
import com.pi4j.io.gpio.digital.DigitalInputProviderBase;
import dev.prognos.simulators.pi4j.DigitalSignal;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Pi4J digital-input provider for a simulated board. Pins with a signal fire state-change events at
 * the signal's edges (as the GPIO interrupt does on a Pi), from one daemon thread per board; a pin
 * without a signal reads low and never changes.
 */
public final class SimDigitalInputProvider extends DigitalInputProviderBase {

    public static final String ID = "prognos-sim-digital-input";

    private final Map<Integer, DigitalSignal> signals;
    private final ScheduledExecutorService edges = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sim-gpio-edges");
        t.setDaemon(true);
        return t;
    });

    public SimDigitalInputProvider(Map<Integer, DigitalSignal> signals) {
        super(ID, "Prognos simulated digital input");
        this.signals = signals;
    }

    @Override
    public int getPriority() {
        return 1000;
    }

    @Override
    public DigitalInput create(DigitalInputConfig config) {
        SimDigitalInput input = new SimDigitalInput(this, config, signals.get(config.address()), edges);
        this.context.registry().add(input);
        input.startEdges();
        return input;
    }

    public void stop() {
        edges.shutdownNow();
    }
}
