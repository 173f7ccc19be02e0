package dev.prognos.stream;

import dev.prognos.core.telemetry.Telemetry;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Right after the telemetry source: decoded readings go on, values that did not decode (already
 * counted and logged by the source's deserializer) go to the side output {@link #DEAD_LETTERS},
 * which the job writes to {@code prognos.deadletter}.
 */
public class DeadLetterSplit extends ProcessFunction<Either<Telemetry, DeadLetter>, Telemetry> {

    private static final long serialVersionUID = 1L;

    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters", FlinkTypes.DEAD_LETTER);

    @Override
    public void processElement(Either<Telemetry, DeadLetter> in, Context ctx, Collector<Telemetry> out) {
        if (in.isLeft()) {
            out.collect(in.left());
        } else {
            ctx.output(DEAD_LETTERS, in.right());
        }
    }
}
