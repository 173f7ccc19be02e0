package dev.prognos.gateway.internal;

import org.eclipse.paho.mqttv5.client.internal.Token;
import org.eclipse.paho.mqttv5.common.packet.MqttWireMessage;

/**
 * Whether Paho loads the gateway's replacements of two of its classes (same packages and APIs as
 * Paho 1.2.5's; in gateway/src/main/java/org/eclipse/paho/...) rather than its own. They win by
 * class path order (the application's classes come first in the packaged app;
 * application.properties puts Paho next to them in tests and dev mode), which a change of
 * packaging could undo: the gateway then says so at start.
 */
public final class PahoShadows {

    /** Paho's own passes every byte of topic and payload through one synchronized {@code read()}. */
    static final String COUNTING_INPUT_STREAM = "org.eclipse.paho.mqttv5.common.packet.util.CountingInputStream";
    /** Paho's own looks its message catalogue and logger class up for every token (every PUBACK). */
    static final String LOGGER_FACTORY = "org.eclipse.paho.mqttv5.client.logging.LoggerFactory";

    private PahoShadows() {
    }

    /** @return true when the CountingInputStream Paho loads passes bulk reads through (about 4 µs less CPU per message) */
    public static boolean bulkReads() {
        return loadsTheGateways(COUNTING_INPUT_STREAM, MqttWireMessage.class, "read", byte[].class, int.class, int.class);
    }

    /** @return true when the LoggerFactory Paho loads keeps its lookups (about 1 µs less CPU per message) */
    public static boolean cachedLookups() {
        return loadsTheGateways(LOGGER_FACTORY, Token.class, "cachesLookups");
    }

    /**
     * Whether {@code className}, loaded as the Paho class {@code user} loads it, declares
     * {@code method}, which only the gateway's version of it has.
     */
    private static boolean loadsTheGateways(String className, Class<?> user, String method, Class<?>... parameters) {
        try {
            Class.forName(className, false, user.getClassLoader()).getDeclaredMethod(method, parameters);
            return true;
        } catch (ClassNotFoundException | NoSuchMethodException | LinkageError e) {
            return false;
        }
    }
}
