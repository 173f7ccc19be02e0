package dev.prognos.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.prognos.console.internal.AlertStore;
import dev.prognos.console.internal.Db;
import dev.prognos.console.internal.DeviceStore;
import dev.prognos.console.internal.Role;
import dev.prognos.console.internal.UserStore;
import dev.prognos.console.notify.Dispatcher;
import dev.prognos.console.notify.MailSender;
import dev.prognos.console.notify.Pacing;
import dev.prognos.console.notify.Route;
import dev.prognos.console.support.FleetRecords;
import dev.prognos.console.support.LocalPostgres;
import dev.prognos.core.alert.Alert;
import dev.prognos.stack.FreePorts;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The console's persistence on a real PostgreSQL (Debian's package, a throwaway cluster): the
 * Flyway migrations, the alert workflow with its audit trail, users, the fleet rows and the
 * notification outbox, sent by the dispatcher to a real SMTP server (GreenMail). The database
 * server then restarts: the state, the trail and the sent marks are all still there, the
 * migrations have nothing to do, and no e-mail goes out twice.
 *
 * <p>Skipped only when PostgreSQL is not installed ({@code apt-get install postgresql};
 * {@code ./prognos test} installs it, so CI runs it).
 */
class ConsolePostgresIT {

    static final String CHANNEL = "oncall";

    static LocalPostgres pg;
    static GreenMail smtp;
    static int smtpPort;

    @BeforeAll
    static void start() throws Exception {
        Optional<Path> bin = LocalPostgres.binaries();
        Assumptions.assumeTrue(bin.isPresent(),
                "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): apt-get install postgresql");
        pg = LocalPostgres.create(bin.get());
        smtpPort = FreePorts.find();
        smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (smtp != null) {
            smtp.stop();
        }
        if (pg != null) {
            pg.close();
        }
    }

    @Test
    void shouldKeepTheWorkflowItsAuditTrailAndTheOutboxAcrossADatabaseRestartAndMailEachTransitionOnce() throws Exception {
        DataSource ds = pg.dataSource();
        Db.migrate(ds);
        assertThat(tables(ds)).contains("users", "devices", "alerts", "alert_events", "models", "notifications");
        assertThat(appliedMigrations(ds)).containsExactly("1");

        Route route = new Route(Map.of(CHANNEL, new MailChannel()));
        AlertStore alerts = new AlertStore(ds, route);
        UserStore users = new UserStore(ds);
        users.create("ana", Role.TECHNICIAN, "a long enough secret".toCharArray());

        // The stream processor's alert and health window, applied as the Kafka feed applies them: one transaction.
        long ts = 1_795_414_330_000L;
        Alert critical = FleetRecords.critical("pump-201", "plant-a", "centrifugal-pump", ts, 8.8);
        Alert warning = new Alert(Alert.idOf("pump-202", "rule", "iso10816_zone>=C", ts), "pump-202", "plant-b",
                "centrifugal-pump", "rule", "iso10816_zone>=C", Alert.Severity.WARNING, Alert.State.OPEN, "vib_rms_mm_s",
                5.2, 4.5, ts, 77, "vibration 5.2 mm/s is in ISO 10816-3 zone C");
        String health = "{\"device\":\"pump-201\",\"site\":\"plant-a\",\"asset\":\"centrifugal-pump\",\"windowStart\":"
                + (ts - 10_000) + ",\"windowEnd\":" + ts + ",\"isoZone\":\"D\",\"zScores\":{\"vib_rms_mm_s\":9.5},\"openAlerts\":1}";
        DeviceStore devices = new DeviceStore(ds);
        com.fasterxml.jackson.databind.JsonNode healthNode = new ObjectMapper().readTree(health);
        Db.tx(ds, c -> {
            assertThat(alerts.ingest(c, critical, ts)).isEqualTo(AlertStore.Outcome.NEW);
            assertThat(alerts.ingest(c, warning, ts)).isEqualTo(AlertStore.Outcome.NEW);
            devices.health(c, healthNode, health);
            return null;
        });
        // The same record again (the feed re-reads after a crash before its offsets were committed): nothing changes.
        Db.tx(ds, c -> alerts.ingest(c, critical, ts + 1));

        // A technician works the critical alert.
        assertThat(alerts.move(critical.id(), Alert.State.ACKNOWLEDGED, "ana", "on my way")).isPresent();
        assertThat(alerts.assign(critical.id(), "bo", "ana")).isTrue();
        assertThat(alerts.comment(critical.id(), "bearing grease is black", "ana")).isTrue();
        // The stream processor's echo of the acknowledgement: already there, not told twice.
        AlertStore.Outcome echo = Db.tx(ds, c -> alerts.ingest(c, critical.withState(Alert.State.ACKNOWLEDGED, ts + 5_000), ts + 6_000));
        assertThat(echo).isEqualTo(AlertStore.Outcome.UNCHANGED);
        // Forward only.
        assertThatThrownBy(() -> alerts.move(critical.id(), Alert.State.ACKNOWLEDGED, "ana", "again"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("cannot become ACKNOWLEDGED");

        List<AlertStore.AuditEntry> trail = alerts.audit(critical.id());
        assertThat(trail).extracting(AlertStore.AuditEntry::actor, AlertStore.AuditEntry::action).containsExactly(
                org.assertj.core.groups.Tuple.tuple(AlertStore.STREAM_ACTOR, "raised"),
                org.assertj.core.groups.Tuple.tuple("ana", "acknowledged"),
                org.assertj.core.groups.Tuple.tuple("ana", "assigned"),
                org.assertj.core.groups.Tuple.tuple("ana", "commented"));

        // The outbox: OPEN of both alerts (the warning too: min severity WARNING), ACKNOWLEDGED of the critical one.
        try (Dispatcher dispatcher = dispatcher(ds)) {
            dispatcher.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> Dispatcher.entries(ds, 100).stream().allMatch(e -> e.sentAt() != null));
        }
        assertThat(Dispatcher.entries(ds, 100)).extracting(Dispatcher.Entry::alertId, Dispatcher.Entry::transition)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(critical.id(), "OPEN"),
                        org.assertj.core.groups.Tuple.tuple(critical.id(), "ACKNOWLEDGED"),
                        org.assertj.core.groups.Tuple.tuple(warning.id(), "OPEN"));
        assertThat(subjects()).hasSize(3);

        // The database server restarts (a fast shutdown: sessions ended, committed work kept).
        pg.stop();
        pg.start();
        DataSource again = pg.dataSource();
        Db.migrate(again); // nothing to do
        assertThat(appliedMigrations(again)).containsExactly("1");
        AlertStore alertsAgain = new AlertStore(again, route);

        AlertStore.AlertView view = alertsAgain.find(critical.id()).orElseThrow();
        assertThat(view.alert().state()).isEqualTo(Alert.State.ACKNOWLEDGED);
        assertThat(view.assignee()).isEqualTo("bo");
        assertThat(view.alert()).usingRecursiveComparison().ignoringFields("state", "stateTs")
                .isEqualTo(critical);
        assertThat(alertsAgain.audit(critical.id())).isEqualTo(trail);
        assertThat(new UserStore(again).authenticate("ana", "a long enough secret".toCharArray())).contains(Role.TECHNICIAN);
        assertThat(new UserStore(again).authenticate("ana", "wrong password!".toCharArray())).isEmpty();
        DeviceStore.Device pump = new DeviceStore(again).find("pump-201").orElseThrow();
        assertThat(pump.isoZone()).isEqualTo("D");
        assertThat(alertsAgain.list(Alert.State.OPEN, null, 10)).extracting(v -> v.alert().id()).containsExactly(warning.id());

        // After the restart the dispatcher sends only what is new: the resolution, once.
        assertThat(alertsAgain.move(critical.id(), Alert.State.RESOLVED, "ana", "bearing replaced")).isPresent();
        try (Dispatcher dispatcher = dispatcher(again)) {
            dispatcher.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> Dispatcher.entries(again, 100).stream().allMatch(e -> e.sentAt() != null));
        }
        assertThat(Dispatcher.entries(again, 100)).hasSize(4);
        List<String> subjects = subjects();
        assertThat(subjects).hasSize(4).doesNotHaveDuplicates();
        assertThat(subjects).filteredOn(s -> s.contains("pump-201")).hasSize(3);
        assertThat(subjects).filteredOn(s -> s.contains(": RESOLVED - ")).singleElement().asString().contains("(by ana)");
    }

    private static Dispatcher dispatcher(DataSource ds) {
        MailSender mail = new MailSender("127.0.0.1", smtpPort, false, "prognos@plant-a.example",
                List.of("oncall@plant-a.example"), null, null);
        return new Dispatcher(ds, Map.of(CHANNEL, new Dispatcher.Channel(mail, new Pacing(Optional.empty(), 60))), 4, 50,
                Duration.ofMillis(300));
    }

    private static List<String> subjects() throws Exception {
        List<String> out = new ArrayList<>();
        for (MimeMessage m : smtp.getReceivedMessages()) {
            out.add(m.getSubject());
        }
        return out;
    }

    private static List<String> tables(DataSource ds) throws Exception {
        return query(ds, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'");
    }

    private static List<String> appliedMigrations(DataSource ds) throws Exception {
        return query(ds, "SELECT version FROM flyway_schema_history WHERE success ORDER BY installed_rank");
    }

    private static List<String> query(DataSource ds, String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    /** An e-mail channel for every site and asset, WARNING and up, every transition (the defaults). */
    private record MailChannel() implements ConsoleOptions.Channel {
        @Override
        public ConsoleOptions.ChannelType type() {
            return ConsoleOptions.ChannelType.EMAIL;
        }

        @Override
        public Optional<String> url() {
            return Optional.empty();
        }

        @Override
        public ConsoleOptions.WebhookFormat format() {
            return ConsoleOptions.WebhookFormat.JSON;
        }

        @Override
        public Optional<List<String>> to() {
            return Optional.of(List.of("oncall@plant-a.example"));
        }

        @Override
        public Optional<List<String>> sites() {
            return Optional.empty();
        }

        @Override
        public Optional<List<String>> assets() {
            return Optional.empty();
        }

        @Override
        public Alert.Severity minSeverity() {
            return Alert.Severity.WARNING;
        }

        @Override
        public List<Alert.State> transitions() {
            return List.of(Alert.State.OPEN, Alert.State.ACKNOWLEDGED, Alert.State.RESOLVED);
        }

        @Override
        public Optional<String> quietHours() {
            return Optional.empty();
        }

        @Override
        public String zone() {
            return "UTC";
        }

        @Override
        public int maxPerHour() {
            return 60;
        }
    }
}
