package dev.prognos.stream;

/**
 * An input the job could not use, for {@code prognos.deadletter}: the raw bytes as they came, so
 * nothing is lost and it can be replayed once fixed, with why and where from (written as core's
 * {@code DeadLetterHeaders}).
 *
 * @param key         the input's key bytes, or null
 * @param value       the input's value bytes, or null (a tombstone)
 * @param reason      why it was refused, e.g. {@code not Avro telemetry: ...}
 * @param source      where it came from, e.g. {@code kafka:prognos.telemetry-0@42}
 * @param refusedAtMs when it was refused, epoch ms
 */
public record DeadLetter(byte[] key, byte[] value, String reason, String source, long refusedAtMs) {
}
