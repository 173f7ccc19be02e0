package dev.prognos.gateway.internal;

import org.eclipse.paho.mqttv5.common.packet.MqttWireMessage;

/**
 * Whether Paho decodes incoming packets with the gateway's {@code CountingInputStream} (same
 * package and API as Paho 1.2.5's, plus bulk reads; in gateway/src/main/java/org/eclipse/paho/...).
 * Paho's own passes every byte of topic and payload through one synchronized
 * {@code ByteArrayInputStream.read()}: about 4 µs more CPU per 258-byte telemetry message. The
 * replacement wins by class path order (the application's classes come first in the packaged
 * app; application.properties puts Paho next to them in tests and dev mode), which a change of
 * packaging could undo: the gateway then says so at start.
 */
public final class PahoDecoding {

    static final String COUNTING_INPUT_STREAM = "org.eclipse.paho.mqttv5.common.packet.util.CountingInputStream";

    private PahoDecoding() {
    }

    /** @return true when the CountingInputStream Paho loads passes bulk reads through */
    public static boolean bulkReads() {
        try {
            Class<?> c = Class.forName(COUNTING_INPUT_STREAM, false, MqttWireMessage.class.getClassLoader());
            c.getDeclaredMethod("read", byte[].class, int.class, int.class);
            return true;
        } catch (ClassNotFoundException | NoSuchMethodException | LinkageError e) {
            return false;
        }
    }
}
