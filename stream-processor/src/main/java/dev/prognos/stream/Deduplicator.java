package dev.prognos.stream;

import dev.prognos.core.telemetry.Telemetry;
import dev.prognos.stream.internal.SeenSeqs;
import java.io.IOException;
import java.io.Serializable;
import java.time.Duration;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;

/**
 * Per device (the key of the operator it is opened in, {@link DeviceDetector}): drops a reading
 * whose seq was already seen (a gateway resend, an outbox replayed after a lost PUBACK). It runs
 * inside the detector's keyed operator rather than as an operator of its own because both are
 * keyed by device: a separate one cost a second serialization round trip of every reading.
 *
 * <p>The seqs seen live in one keyed value per device, {@link SeenSeqs} (the highest seq, a bitmap
 * of the {@value SeenSeqs#WINDOW} seqs below it and the ranges of unseen seqs further down), so
 * the state is about 150 bytes per device whatever the rate, and a reading costs a few bit
 * operations. The value has a time-to-live ({@code ttlMs}, processing time: Flink's state TTL has
 * no event-time mode) refreshed by every new reading: a device silent for the TTL starts afresh.
 * Dropped duplicates are counted in the metric {@value #DUPLICATES_METRIC}.
 */
public final class Deduplicator implements Serializable {

    private static final long serialVersionUID = 1L;

    /** A new name: the per-seq map state of earlier versions ("seen-seqs") is not restored into it. */
    public static final String SEEN_STATE = "seen-seq-window";
    public static final String DUPLICATES_METRIC = "duplicateReadings";

    private final long ttlMs;
    private transient ValueState<SeenSeqs> seen;
    private transient Counter duplicates;

    public Deduplicator(long ttlMs) {
        this.ttlMs = ttlMs;
    }

    /** The state descriptor, TTL included. */
    public static ValueStateDescriptor<SeenSeqs> seenDescriptor(long ttlMs) {
        ValueStateDescriptor<SeenSeqs> d = new ValueStateDescriptor<>(SEEN_STATE, TypeInformation.of(SeenSeqs.class));
        d.enableTimeToLive(StateTtlConfig.newBuilder(Duration.ofMillis(ttlMs))
                .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                .build());
        return d;
    }

    /** Binds the keyed state and the metric of the operator that runs it (from its {@code open}). */
    public void open(RuntimeContext context) {
        seen = context.getState(seenDescriptor(ttlMs));
        duplicates = context.getMetricGroup().counter(DUPLICATES_METRIC);
    }

    /**
     * For the current key's device: true when the reading is new (and now remembered), false for a
     * duplicate (counted).
     */
    public boolean isNew(Telemetry t) throws IOException {
        SeenSeqs s = seen.value();
        if (s == null) {
            s = new SeenSeqs();
        }
        if (!s.add(t.seq())) {
            duplicates.inc();
            return false;
        }
        // Written back for every new reading: it refreshes the TTL (and a copy-on-write heap
        // backend may have handed out a copy while a snapshot runs).
        seen.update(s);
        return true;
    }
}
