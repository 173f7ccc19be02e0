package dev.prognos.stream;

import dev.prognos.core.telemetry.Telemetry;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Per device (the key): drops a reading whose seq was already seen (a gateway resend, an outbox
 * replayed after a lost PUBACK). Seen seqs live in keyed map state with a time-to-live
 * ({@code ttlMs}, processing time: Flink's state TTL has no event-time mode), so state stays
 * bounded: about 16 bytes per reading per device over the TTL. Dropped duplicates are counted in
 * the metric {@value #DUPLICATES_METRIC}.
 */
public class Deduplicator extends KeyedProcessFunction<String, Telemetry, Telemetry> {

    private static final long serialVersionUID = 1L;

    public static final String SEEN_STATE = "seen-seqs";
    public static final String DUPLICATES_METRIC = "duplicateReadings";

    private final long ttlMs;
    private transient MapState<Long, Boolean> seen;
    private transient Counter duplicates;

    public Deduplicator(long ttlMs) {
        this.ttlMs = ttlMs;
    }

    /** The state descriptor, TTL included (tests read the state through it). */
    public static MapStateDescriptor<Long, Boolean> seenDescriptor(long ttlMs) {
        MapStateDescriptor<Long, Boolean> d = new MapStateDescriptor<>(SEEN_STATE, Types.LONG, Types.BOOLEAN);
        d.enableTimeToLive(StateTtlConfig.newBuilder(Duration.ofMillis(ttlMs))
                .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                .build());
        return d;
    }

    @Override
    public void open(OpenContext openContext) {
        seen = getRuntimeContext().getMapState(seenDescriptor(ttlMs));
        duplicates = getRuntimeContext().getMetricGroup().counter(DUPLICATES_METRIC);
    }

    @Override
    public void processElement(Telemetry t, Context ctx, Collector<Telemetry> out) throws Exception {
        if (seen.contains(t.seq())) {
            duplicates.inc();
            return;
        }
        seen.put(t.seq(), Boolean.TRUE);
        out.collect(t);
    }
}
