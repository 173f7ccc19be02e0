package dev.prognos.console.notify;

/** Delivers one notification to one channel; throws when the channel did not take it. */
@FunctionalInterface
public interface Sender {

    /**
     * @param notificationId the outbox row id: the same on every retry, so a receiver can drop a
     *                       repeat (webhooks get it as the {@code Idempotency-Key} header)
     * @param payloadJson    {@code {"transition":..., "by":..., "at":..., "alert":{...}}}
     */
    void send(long notificationId, String payloadJson) throws Exception;
}
