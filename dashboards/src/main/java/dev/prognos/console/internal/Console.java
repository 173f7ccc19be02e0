package dev.prognos.console.internal;

import dev.prognos.console.ConsoleOptions;
import dev.prognos.console.notify.Dispatcher;
import dev.prognos.console.notify.Route;
import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Wires the console at start-up: checks the options, migrates the database, then starts the
 * Kafka feed and the notification dispatcher; stops them on shutdown. The stores are beans for
 * the resources.
 */
@ApplicationScoped
public class Console {

    private static final Logger LOG = Logger.getLogger(Console.class);

    /** Set to false to serve the database without reading Kafka (for the admin tasks). */
    public static final String FEED_ENABLED = "prognos.console.feed.enabled";

    @Inject
    ConsoleOptions options;
    @Inject
    AgroalDataSource ds;
    @Inject
    ConsoleEvents events;
    @ConfigProperty(name = FEED_ENABLED, defaultValue = "true")
    boolean feedEnabled;

    private AlertStore alerts;
    private DeviceStore devices;
    private ModelStore models;
    private UserStore users;
    private RecentHealth recent;
    private FleetFeed feed;
    private Dispatcher dispatcher;
    private AckPublisher acks;

    void start(@Observes StartupEvent e) {
        init();
    }

    private synchronized void init() {
        if (alerts != null) {
            return;
        }
        OptionsCheck.check(options);
        Db.migrate(ds);
        alerts = new AlertStore(ds, new Route(options.channels()));
        devices = new DeviceStore(ds);
        models = new ModelStore(ds);
        users = new UserStore(ds);
        recent = new RecentHealth(options.recentWindows());
        acks = new AckPublisher(options.kafkaBootstrap());
        dispatcher = new Dispatcher(ds, OptionsCheck.channels(options), options.notifyAttempts(), options.notifyPollMs(),
                java.time.Duration.ofMillis(options.notifyRetryDelayMs()));
        dispatcher.start();
        if (feedEnabled) {
            feed = new FleetFeed(options.kafkaBootstrap(), options.kafkaGroup(), ds, alerts, devices, models, recent, events);
            feed.start();
        }
        LOG.infof("console: Kafka %s (group %s), %d notification channel(s) %s, %d user(s)%s",
                options.kafkaBootstrap(), options.kafkaGroup(), options.channels().size(), options.channels().keySet(),
                users.count(), users.count() == 0 ? " - create the first admin: ./prognos console create-admin --user NAME" : "");
    }

    void stop(@Observes ShutdownEvent e) {
        if (feed != null) {
            feed.close();
        }
        if (dispatcher != null) {
            dispatcher.close();
        }
        if (acks != null) {
            acks.close();
        }
    }

    @Produces
    @Singleton
    AlertStore alerts() {
        init();
        return alerts;
    }

    @Produces
    @Singleton
    DeviceStore devices() {
        init();
        return devices;
    }

    @Produces
    @Singleton
    ModelStore models() {
        init();
        return models;
    }

    @Produces
    @Singleton
    UserStore users() {
        init();
        return users;
    }

    @Produces
    @Singleton
    RecentHealth recent() {
        init();
        return recent;
    }

    @Produces
    @Singleton
    AckPublisher acks() {
        init();
        return acks;
    }

    @Produces
    @Singleton
    Dispatcher dispatcherBean() {
        init();
        return dispatcher;
    }

    /** The Kafka feed, or null when disabled. */
    public FleetFeed feed() {
        return feed;
    }

    public Dispatcher dispatcher() {
        return dispatcher;
    }
}
