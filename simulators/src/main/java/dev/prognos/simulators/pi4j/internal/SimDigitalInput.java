package dev.prognos.simulators.pi4j.internal;

import com.pi4j.context.Context;
import com.pi4j.exception.ShutdownException;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalInputBase;
import com.pi4j.io.gpio.digital.DigitalInputConfig;
import com.pi4j.io.gpio.digital.DigitalInputProvider;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.DigitalStateChangeEvent;
import dev.prognos.simulators.pi4j.DigitalSignal;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** A GPIO input driven by a {@link DigitalSignal}: {@link #state()} reads it now; edges fire events. */
final class SimDigitalInput extends DigitalInputBase implements DigitalInput {

    private final DigitalSignal signal;
    private final ScheduledExecutorService edges;
    private volatile ScheduledFuture<?> next;
    private volatile boolean open = true;
    private boolean level; // the pin's level after the last edge fired (edges alternate, whatever rounding says)

    SimDigitalInput(DigitalInputProvider provider, DigitalInputConfig config, DigitalSignal signal,
                    ScheduledExecutorService edges) {
        super(provider, config);
        this.signal = signal;
        this.edges = edges;
    }

    @Override
    public DigitalState state() {
        return signal != null && signal.high(System.nanoTime()) ? DigitalState.HIGH : DigitalState.LOW;
    }

    void startEdges() {
        if (signal != null) {
            long now = System.nanoTime();
            level = signal.high(now);
            schedule(now);
        }
    }

    private void schedule(long after) {
        long edge = signal.nextEdge(after);
        if (!open || edge == Long.MAX_VALUE || edges.isShutdown()) {
            return;
        }
        long delay = Math.max(0, edge - System.nanoTime());
        try {
            next = edges.schedule(() -> {
                if (open) {
                    level = !level;
                    dispatch(new DigitalStateChangeEvent(this, level ? DigitalState.HIGH : DigitalState.LOW));
                    schedule(edge);
                }
            }, delay, TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.RejectedExecutionException stopped) {
            // The board is shutting down.
        }
    }

    @Override
    public DigitalInput shutdown(Context context) throws ShutdownException {
        open = false;
        ScheduledFuture<?> f = next;
        if (f != null) {
            f.cancel(false);
        }
        return super.shutdown(context);
    }
}
