package dev.prognos.stream;

import dev.prognos.core.alert.Alert;
import dev.prognos.core.alert.AlertAck;
import dev.prognos.core.telemetry.Telemetry;
import dev.prognos.stream.internal.ReadingSerializer;
import dev.prognos.stream.internal.TelemetrySerializer;
import dev.prognos.stream.internal.UnchangedRecordType;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.types.Either;

/**
 * Flink type information of the records the job moves. Java records are serialized by Flink as
 * POJOs through their canonical constructor, except the readings, the bulk of the traffic, which
 * have a serializer of their own; the job refuses generic (Kryo) types, so a record
 * Flink cannot handle fails at build time rather than slowly at run time.
 */
public final class FlinkTypes {

    /** Decoded telemetry, from the source to the readings' conversion: a hand-written serializer ({@link TelemetrySerializer}). */
    public static final TypeInformation<Telemetry> TELEMETRY = TelemetrySerializer.TYPE;
    /** Every reading crosses the shuffle to the detector in it: flat, a hand-written serializer ({@link ReadingSerializer}). */
    public static final TypeInformation<Reading> READING = ReadingSerializer.TYPE;
    /** Alerts and health records are never changed once emitted: not copied between chained operators. */
    public static final TypeInformation<Alert> ALERT = UnchangedRecordType.of(Alert.class);
    public static final TypeInformation<AlertAck> ACK = TypeInformation.of(AlertAck.class);
    public static final TypeInformation<DeviceHealth> HEALTH = UnchangedRecordType.of(DeviceHealth.class);
    public static final TypeInformation<DeadLetter> DEAD_LETTER = TypeInformation.of(DeadLetter.class);
    /** What the telemetry source gives: decoded telemetry (left) or an undecodable value (right). */
    public static final TypeInformation<Either<Telemetry, DeadLetter>> INCOMING = Types.EITHER(TELEMETRY, DEAD_LETTER);
    public static final TypeInformation<ModelMessage> MODEL = TypeInformation.of(ModelMessage.class);
    /** The detector's keyed input: a reading (left) or an acknowledgement (right). */
    public static final TypeInformation<Either<Reading, AlertAck>> DEVICE_INPUT = Types.EITHER(READING, ACK);

    private FlinkTypes() {
    }
}
