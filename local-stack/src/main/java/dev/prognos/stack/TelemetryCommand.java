package dev.prognos.stack;

import dev.prognos.core.Topics;
import dev.prognos.core.telemetry.Telemetry;
import dev.prognos.core.telemetry.TelemetryAvro;
import dev.prognos.core.telemetry.TelemetryJson;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Prints what reached {@link Topics#TELEMETRY}, decoded from Avro back to telemetry JSON, one line each. */
@Command(name = "telemetry", mixinStandardHelpOptions = true,
        description = "Prints readings in prognos.telemetry as telemetry JSON lines (decoded from Avro).")
final class TelemetryCommand implements Callable<Integer> {

    @Mixin
    FollowOptions options;

    @Option(names = "--device", description = "Only this device.")
    String device;

    @Override
    public Integer call() {
        new TopicFollower(options.kafka, Topics.TELEMETRY, r -> {
            try {
                Telemetry t = TelemetryAvro.decode(r.value());
                if (device != null && !device.equals(t.device())) {
                    return null;
                }
                return new String(TelemetryJson.encode(t), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return "(unreadable record at partition " + r.partition() + " offset " + r.offset() + ": " + e.getMessage() + ")";
            }
        }, System.out).run(options.follow, options.newOnly, null);
        return 0;
    }
}
