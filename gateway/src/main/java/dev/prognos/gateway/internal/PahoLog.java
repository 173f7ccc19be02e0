package dev.prognos.gateway.internal;

import java.text.MessageFormat;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import org.eclipse.paho.mqttv5.client.logging.Logger;
import org.eclipse.paho.mqttv5.client.logging.LoggerFactory;

/**
 * Paho's log messages, INFO and above, through JBoss Logging; its trace (CONFIG and finer) is
 * dropped without a look at any logger. Why: Paho 1.2.5 builds a logger for every token, i.e.
 * for every acknowledgement the gateway sends, and its default one asks java.util.logging (the
 * JBoss log manager under Quarkus) for a logger each time, which creates a new one: about a
 * tenth of the gateway's CPU at 20,000 messages/s (JFR). Instances are stateless apart from
 * the message catalogue Paho hands over, so creating one costs an allocation.
 */
public final class PahoLog implements Logger {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger("org.eclipse.paho.mqttv5.client");
    private static final org.jboss.logging.Logger.Level[] LEVELS = {
        null, org.jboss.logging.Logger.Level.ERROR, org.jboss.logging.Logger.Level.WARN, org.jboss.logging.Logger.Level.INFO,
    };

    private ResourceBundle catalogue;

    /**
     * Makes Paho create this logger from now on (JVM-wide). Checked at once: Paho instantiates
     * it by name from its own class loader, and a class it cannot see would make every token
     * fail; in that case Paho keeps its default logger.
     *
     * @return whether Paho uses this logger
     */
    public static synchronized boolean install() {
        LoggerFactory.setLogger(PahoLog.class.getName());
        try {
            if (LoggerFactory.getLogger(LoggerFactory.MQTT_CLIENT_MSG_CAT, PahoLog.class.getName()) instanceof PahoLog) {
                return true;
            }
        } catch (RuntimeException notVisible) {
            // fall through: default logger
        }
        LoggerFactory.setLogger(null);
        return false;
    }

    @Override
    public void initialise(ResourceBundle messageCatalog, String loggerID, String resourceName) {
        this.catalogue = messageCatalog;
    }

    @Override
    public void setResourceName(String logContext) {
        // Paho's client id in its trace; JBoss Logging's records carry the thread instead.
    }

    @Override
    public boolean isLoggable(int level) {
        return level <= INFO && LOG.isEnabled(LEVELS[level]);
    }

    @Override
    public void severe(String sourceClass, String sourceMethod, String msg) {
        log(SEVERE, sourceClass, sourceMethod, msg, null, null);
    }

    @Override
    public void severe(String sourceClass, String sourceMethod, String msg, Object[] inserts) {
        log(SEVERE, sourceClass, sourceMethod, msg, inserts, null);
    }

    @Override
    public void severe(String sourceClass, String sourceMethod, String msg, Object[] inserts, Throwable thrown) {
        log(SEVERE, sourceClass, sourceMethod, msg, inserts, thrown);
    }

    @Override
    public void warning(String sourceClass, String sourceMethod, String msg) {
        log(WARNING, sourceClass, sourceMethod, msg, null, null);
    }

    @Override
    public void warning(String sourceClass, String sourceMethod, String msg, Object[] inserts) {
        log(WARNING, sourceClass, sourceMethod, msg, inserts, null);
    }

    @Override
    public void warning(String sourceClass, String sourceMethod, String msg, Object[] inserts, Throwable thrown) {
        log(WARNING, sourceClass, sourceMethod, msg, inserts, thrown);
    }

    @Override
    public void info(String sourceClass, String sourceMethod, String msg) {
        log(INFO, sourceClass, sourceMethod, msg, null, null);
    }

    @Override
    public void info(String sourceClass, String sourceMethod, String msg, Object[] inserts) {
        log(INFO, sourceClass, sourceMethod, msg, inserts, null);
    }

    @Override
    public void info(String sourceClass, String sourceMethod, String msg, Object[] inserts, Throwable thrown) {
        log(INFO, sourceClass, sourceMethod, msg, inserts, thrown);
    }

    @Override
    public void config(String sourceClass, String sourceMethod, String msg) {
    }

    @Override
    public void config(String sourceClass, String sourceMethod, String msg, Object[] inserts) {
    }

    @Override
    public void config(String sourceClass, String sourceMethod, String msg, Object[] inserts, Throwable thrown) {
    }

    @Override
    public void fine(String sourceClass, String sourceMethod, String msg) {
    }

    @Override
    public void fine(String sourceClass, String sourceMethod, String msg, Object[] inserts) {
    }

    @Override
    public void fine(String sourceClass, String sourceMethod, String msg, Object[] inserts, Throwable ex) {
    }

    @Override
    public void finer(String sourceClass, String sourceMethod, String msg) {
    }

    @Override
    public void finer(String sourceClass, String sourceMethod, String msg, Object[] inserts) {
    }

    @Override
    public void finer(String sourceClass, String sourceMethod, String msg, Object[] inserts, Throwable ex) {
    }

    @Override
    public void finest(String sourceClass, String sourceMethod, String msg) {
    }

    @Override
    public void finest(String sourceClass, String sourceMethod, String msg, Object[] inserts) {
    }

    @Override
    public void finest(String sourceClass, String sourceMethod, String msg, Object[] inserts, Throwable ex) {
    }

    @Override
    public void log(int level, String sourceClass, String sourceMethod, String msg, Object[] inserts, Throwable thrown) {
        if (isLoggable(level)) {
            LOG.log(LEVELS[level], sourceMethod + ": " + formatMessage(msg, inserts), thrown);
        }
    }

    @Override
    public void trace(int level, String sourceClass, String sourceMethod, String msg, Object[] inserts, Throwable ex) {
        log(level, sourceClass, sourceMethod, msg, inserts, ex);
    }

    /** The catalogue's text for {@code msg} (Paho logs message numbers), the inserts filled in. */
    @Override
    public String formatMessage(String msg, Object[] inserts) {
        String text = msg;
        if (catalogue != null && msg != null) {
            try {
                text = catalogue.getString(msg);
            } catch (MissingResourceException notAKey) {
                // a literal message
            }
        }
        return inserts == null || inserts.length == 0 ? text : MessageFormat.format(text, inserts);
    }

    @Override
    public void dumpTrace() {
        // No trace is kept.
    }
}
