package dev.prognos.gateway.internal;

import java.util.logging.Handler;
import org.jboss.logmanager.ExtHandler;
import org.jboss.logmanager.LogContext;
import org.jboss.logmanager.formatters.JsonFormatter;
import org.jboss.logmanager.handlers.ConsoleHandler;

/**
 * One JSON object per console log line ({@code prognos.log.json=true}), for log collectors.
 * The extension quarkus-logging-json 3.36.3 is not on Maven Central (404 as seen from here), so
 * this puts JBoss LogManager's own {@link JsonFormatter} on the console handler when the gateway
 * starts; the few lines Quarkus writes before that stay text.
 */
public final class JsonLogs {

    private JsonLogs() {
    }

    public static void install() {
        for (Handler h : LogContext.getLogContext().getLogger("").getHandlers()) {
            install(h);
        }
    }

    private static void install(Handler handler) {
        if (handler instanceof ConsoleHandler console) {
            JsonFormatter json = new JsonFormatter();
            json.setDateFormat("yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
            json.setExceptionOutputType(JsonFormatter.ExceptionOutputType.FORMATTED);
            console.setFormatter(json);
        } else if (handler instanceof ExtHandler ext) {
            for (Handler inner : ext.getHandlers()) {
                install(inner);
            }
        }
    }
}
