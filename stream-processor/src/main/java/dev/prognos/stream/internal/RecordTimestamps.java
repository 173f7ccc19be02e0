package dev.prognos.stream.internal;

/**
 * The Kafka record timestamp for an output computed from event time. Event time comes from the
 * device's clock; a device whose clock runs ahead would give records stamped in the future, and
 * brokers refuse those beyond {@code log.message.timestamp.after.max.ms} (1 h by default since
 * Kafka 4.0). A refused record fails the transactional sink, and the job would restart on the same
 * reading forever. So the stamp is the event time, but never later than now; the payload keeps
 * the event time as it was.
 */
public final class RecordTimestamps {

    private RecordTimestamps() {
    }

    /** {@code eventTimeMs}, or the wall clock (epoch ms) when the event time is ahead of it. */
    public static long notInTheFuture(long eventTimeMs) {
        return notAfter(eventTimeMs, System.currentTimeMillis());
    }

    static long notAfter(long eventTimeMs, long nowMs) {
        return Math.min(eventTimeMs, nowMs);
    }
}
