package org.eclipse.paho.mqttv5.client.logging;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Replaces Paho 1.2.5's class of the same name (same package, same public API; it comes first on
 * the gateway's class path like the gateway's {@code CountingInputStream}, see gateway/README.md
 * "Paho's shadowed classes"). Paho asks for a logger in every token's constructor, i.e. for every
 * acknowledgement the gateway sends, and its factory looked the message catalogue up with
 * {@code ResourceBundle.getBundle}, the logger class with {@code Class.forName} and created it by
 * reflection each time: about 7 % of the gateway's CPU samples at 35,000 messages/s (JFR), most of
 * it in the bundle lookup. This one keeps the catalogues and the logger class's constructor once
 * found; every call still returns a new, initialised logger, as Paho's does, so loggers that keep
 * state per instance behave as before.
 */
public class LoggerFactory {

    /** Paho's default message catalogue. */
    public static final String MQTT_CLIENT_MSG_CAT = "org.eclipse.paho.mqttv5.client.internal.nls.logcat";

    private static final String CLASS_NAME = LoggerFactory.class.getName();
    private static final String JSR47_LOGGER = JSR47Logger.class.getName();

    /** Catalogue name -> bundle (the default locale when first asked). */
    private static final ConcurrentHashMap<String, ResourceBundle> CATALOGUES = new ConcurrentHashMap<>();

    private static volatile String overrideLoggerClassName;
    /** The logger class last resolved, by name; replaced when another name is asked for. */
    private static volatile LoggerClass loggerClass;

    private record LoggerClass(String name, Constructor<? extends Logger> constructor) {
    }

    /**
     * A new logger of the class set by {@link #setLogger} (java.util.logging's by default),
     * initialised with the catalogue.
     *
     * @param messageCatalogName the resource bundle of the log messages
     * @param loggerID           the name of the logger
     * @throws MissingResourceException when the catalogue or the logger class cannot be loaded
     */
    public static Logger getLogger(String messageCatalogName, String loggerID) {
        String name = overrideLoggerClassName;
        if (name == null) {
            name = JSR47_LOGGER;
        }
        ResourceBundle catalogue = CATALOGUES.get(messageCatalogName);
        if (catalogue == null) {
            catalogue = ResourceBundle.getBundle(messageCatalogName);
            CATALOGUES.putIfAbsent(messageCatalogName, catalogue);
        }
        Logger logger = create(name);
        if (logger == null) {
            throw new MissingResourceException("Error locating the logging class", CLASS_NAME, loggerID);
        }
        logger.initialise(catalogue, loggerID, null);
        return logger;
    }

    /** @return a new instance of the named logger class, or null when it cannot be made (as Paho's factory) */
    private static Logger create(String name) {
        LoggerClass known = loggerClass;
        if (known == null || !known.name().equals(name)) {
            try {
                Class<? extends Logger> c = Class.forName(name).asSubclass(Logger.class);
                known = new LoggerClass(name, c.getConstructor());
            } catch (ClassNotFoundException | LinkageError | ClassCastException | NoSuchMethodException | SecurityException e) {
                return null;
            }
            loggerClass = known;
        }
        try {
            return known.constructor().newInstance();
        } catch (InstantiationException | IllegalAccessException | InvocationTargetException | ExceptionInInitializerError e) {
            return null;
        }
    }

    /**
     * java.util.logging's {@code LogManager} property {@code name}, or null when it is not set or
     * java.util.logging is not available (as Paho's).
     */
    public static String getLoggingProperty(String name) {
        try {
            return java.util.logging.LogManager.getLogManager().getProperty(name);
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }

    /** The class of the loggers made from now on; null for java.util.logging's. */
    public static void setLogger(String loggerClassName) {
        overrideLoggerClassName = loggerClassName;
    }

    /** Marks the gateway's factory (Paho's has no such method), for {@code PahoShadows.cachedLookups()}. */
    public static boolean cachesLookups() {
        return true;
    }
}
