package dev.prognos.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.prognos.console.support.ConsoleProcess;
import dev.prognos.console.support.FleetRecords;
import dev.prognos.console.support.SimulatedPumps;
import dev.prognos.console.support.StreamJobProcess;
import dev.prognos.console.support.WebhookReceiver;
import dev.prognos.core.Topics;
import dev.prognos.core.alert.Alert;
import dev.prognos.core.alert.AlertJson;
import dev.prognos.stack.FreePorts;
import dev.prognos.stack.LocalInflux;
import dev.prognos.stack.LocalKafka;
import jakarta.mail.internet.MimeMessage;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console as a person uses it, end to end, on the real pipeline: the simulators' physics pumps
 * (time-compressed wear) write telemetry to real Kafka; the stream processor's Flink job (its own
 * JVM, a MiniCluster, its Kafka source and exactly-once sinks) turns it into health windows and
 * alerts; the packaged console (its own JVM) reads them. The first admin is made by the create-admin
 * command; Debian's Chromium (headless, through Debian's chromedriver) drives the real page. A pump
 * nearing its bearing failure goes OK → WARNING → CRITICAL on the fleet page without a reload; a
 * technician acknowledges the critical alert in the inbox; the acknowledgement reaches the Flink job,
 * which echoes it; the console restarts and the alert is still acknowledged. A webhook receiver and
 * an SMTP server (GreenMail) get exactly one notification per alert transition, through refused
 * deliveries (retried) and across the restart.
 */
class ConsoleBrowserIT {

    static final String CHROMIUM = "/usr/bin/chromium";
    static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    static final String ADMIN = "ana";
    static final String PASSWORD = "a long enough secret";
    static final Duration DEADLINE = Duration.ofSeconds(120);
    static final String PUMP = "pump-201";
    /**
     * Machine seconds per wall second: pump-201's last week of a 30-day life (from day 21.9) plays out
     * in about a minute, like {@code ./prognos simulate --speed 12960}.
     */
    static final double SPEED = 12_960;
    static final String OPERATOR_MAIL = "oncall@plant-a.example";
    static final String INFLUX_DB = "prognos";

    static Path dir;
    static LocalKafka kafka;
    static LocalInflux influx;
    static StreamJobProcess stream;
    static WebhookReceiver webhook;
    static GreenMail smtp;
    static int smtpPort;
    static FleetRecords fleet;
    static WebDriver browser;
    static int port;

    @BeforeAll
    static void start() throws Exception {
        assertThat(new File(CHROMIUM).canExecute()).as("Debian's chromium (apt-get install chromium chromium-driver)").isTrue();
        assertThat(new File(CHROMEDRIVER).canExecute()).as("Debian's chromedriver (apt-get install chromium-driver)").isTrue();
        dir = Files.createTempDirectory(Files.createDirectories(Path.of("target", "it-console")).toAbsolutePath(), "run-");
        kafka = LocalKafka.start(dir.resolve("kafka"));
        // Debian's InfluxDB 1.6 behind nginx: the job writes health points to it, the console's device
        // page reads their history back through InfluxQL.
        influx = LocalInflux.start(dir.resolve("influx"), INFLUX_DB);
        // ./prognos stream's job with shorter windows (5 s) and checkpoints (1 s, when its exactly-once
        // output becomes visible), so a minute of wear shows as a dozen windows.
        stream = StreamJobProcess.start(List.of("--kafka", kafka.bootstrapServers(), "--group-id", "console-it",
                "--window-ms", "5000", "--out-of-orderness-ms", "1000", "--idle-timeout-ms", "2000",
                "--checkpoint-interval-ms", "1000", "--influx-url", influx.url(), "--influx-bucket", INFLUX_DB),
                dir.resolve("stream.log"));
        webhook = new WebhookReceiver();
        smtpPort = FreePorts.find();
        smtp = startSmtp();
        fleet = new FleetRecords(kafka.bootstrapServers());
        port = FreePorts.find();

        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        // What the machine notes say Chromium needs here: no sandbox as root, no background traffic.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1400,900", "--user-data-dir=" + dir.resolve("chromium"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort()
                .withLogFile(dir.resolve("chromedriver.log").toFile()).build();
        browser = new ChromeDriver(service, options);
        browser.manage().window().setSize(new Dimension(1400, 900));
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (fleet != null) {
            fleet.close();
        }
        if (smtp != null) {
            smtp.stop();
        }
        if (webhook != null) {
            webhook.close();
        }
        if (stream != null) {
            stream.close();
        }
        if (kafka != null) {
            kafka.close();
        }
        if (influx != null) {
            influx.close();
        }
    }

    static GreenMail startSmtp() {
        GreenMail g = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        g.start();
        return g;
    }

    static ConsoleProcess console() {
        Map<String, String> env = new HashMap<>();
        env.put("PROGNOS_KAFKA", kafka.bootstrapServers());
        env.put("PROGNOS_CONSOLE_DATA", dir.resolve("console").toString());
        env.put("PROGNOS_CONSOLE_SESSION_KEY", "it-session-key-0123456789abcdef");
        env.put("PROGNOS_INFLUX_URL", influx.url());
        env.put("PROGNOS_INFLUX_DB", INFLUX_DB);
        Map<String, String> props = new HashMap<>();
        props.put("prognos.console.notify.channel.hook.type", "webhook");
        props.put("prognos.console.notify.channel.hook.url", webhook.url());
        props.put("prognos.console.notify.channel.hook.min-severity", "WARNING");
        props.put("prognos.console.notify.channel.mail.type", "email");
        props.put("prognos.console.notify.channel.mail.to", OPERATOR_MAIL);
        props.put("prognos.console.notify.channel.mail.min-severity", "WARNING");
        props.put("prognos.console.smtp.host", "127.0.0.1");
        props.put("prognos.console.smtp.port", String.valueOf(smtpPort));
        props.put("prognos.console.smtp.from", "prognos@plant-a.example");
        props.put("prognos.console.notify.poll-ms", "100");
        props.put("prognos.console.notify.retry-delay-ms", "300");
        return ConsoleProcess.start(port, env, props, dir.resolve("console.log"));
    }

    @Test
    void shouldShowAPumpTurnCriticalLetATechnicianAcknowledgeItAndKeepThatAcrossARestart() throws Exception {
        try {
            pumpTurnsCriticalIsAcknowledgedAndStaysSoAcrossARestart();
        } catch (Exception | AssertionError e) {
            screenshot("failure"); // what the page showed, for the report
            throw e;
        }
    }

    private void pumpTurnsCriticalIsAcknowledgedAndStaysSoAcrossARestart() throws Exception {
        // The first admin, made by the command, with the password on standard input.
        ProcessBuilder createAdmin = new ProcessBuilder(ConsoleProcess.java(), "-cp", ConsoleProcess.classpath(),
                "dev.prognos.console.admin.CreateAdminCli", "--user", ADMIN).redirectErrorStream(true);
        createAdmin.environment().put("PROGNOS_CONSOLE_DATA", dir.resolve("console").toString());
        Process create = createAdmin.start();
        try (var in = create.getOutputStream()) {
            in.write((PASSWORD + "\n").getBytes(StandardCharsets.UTF_8));
        }
        String createOut;
        createOut = new String(create.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(create.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(create.exitValue()).as(createOut).isZero();
        assertThat(createOut).contains("created admin 'ana'");

        // The agents' status as the gateway forwards it (no agents run here), for a fleet of four
        // simulated pumps, one pump that went offline with a backlog, and a fan.
        long now = System.currentTimeMillis();
        fleet.status(PUMP, "plant-a", "centrifugal-pump", true, 0, "3", now);
        fleet.status("pump-202", "plant-b", "centrifugal-pump", true, 0, "3", now);
        fleet.status("pump-203", "plant-a", "centrifugal-pump", true, 0, "3", now);
        fleet.status("pump-204", "plant-b", "centrifugal-pump", true, 0, "2", now);
        fleet.status("pump-205", "plant-a", "centrifugal-pump", false, 412, "3", now - 3_600_000);
        fleet.status("fan-301", "plant-b", "axial-fan", true, 0, null, now);

        webhook.failNext(2); // the first deliveries are refused: Failsafe retries
        List<Alert> echoes = new CopyOnWriteArrayList<>();
        List<Mail> mailsBefore = new ArrayList<>();
        String criticalId;
        try (ConsoleProcess console = console();
             KafkaConsumer<byte[], byte[]> alertsOut = committedReader("console-it-echo")) {
            String base = console.url();
            browser.get(base + "/");
            new WebDriverWait(browser, DEADLINE).until(ExpectedConditions.visibilityOfElementLocated(By.id("j_username")));
            browser.findElement(By.id("j_username")).sendKeys(ADMIN);
            browser.findElement(By.id("j_password")).sendKeys(PASSWORD);
            browser.findElement(By.id("login")).click();
            // The page re-renders on every live event: an element found may be replaced under us, so look again.
            WebDriverWait wait = (WebDriverWait) new WebDriverWait(browser, DEADLINE).ignoring(StaleElementReferenceException.class);
            wait.until(d -> browser.findElement(By.id("live")).getText().equals("live"));

            // The pumps start sampling. pump-201's bearing is worn (day 21.9 of a 30-day life, seed 24):
            // its vibration climbs through ISO zone C into D within about a minute. pump-204 runs in zone C
            // (an imbalance, seed 19); pump-202 and pump-203 are young and healthy. The wear is held at
            // each stage until the page has shown it (the pumps go on sampling, with their noise).
            try (SimulatedPumps pumps = new SimulatedPumps(kafka.bootstrapServers(), SPEED, true, List.of(
                    new SimulatedPumps.Pump(PUMP, "plant-a", 24, Duration.ofDays(30), 0.73),
                    new SimulatedPumps.Pump("pump-202", "plant-b", 2, Duration.ofDays(365), 0.1),
                    new SimulatedPumps.Pump("pump-203", "plant-a", 3, Duration.ofDays(365), 0.2),
                    new SimulatedPumps.Pump("pump-204", "plant-b", 19, Duration.ofDays(365), 0.65)))) {
                // Its bearing fails (ground truth, machine time) about a minute of running wear from now.
                assertThat(pumps.clock().wallMillis(pumps.machine(PUMP).groundTruth().failureMillis())).isBetween(now, now + 3 * 60_000);
                assertThat(pumps.machine(PUMP).expectedRmsMmS(pumps.clock().machineMillis(now))).isLessThan(4.5); // zone A/B
                // OK from its first health windows (zone B), not only from its status.
                wait.until(d -> alive(pumps) && levelOf(PUMP).equals("OK") && Set.of("A", "B").contains(cellOf(PUMP, 5)));
                pumps.holdWhen(PUMP, 5.0); // well inside zone C (4.5 to 7.1 mm/s)
                pumps.resume();
                wait.until(d -> alive(pumps) && Set.of("WARNING", "CRITICAL").contains(levelOf(PUMP)));
                assertThat(levelOf(PUMP)).isEqualTo("WARNING"); // zone C first, live, no reload
                pumps.resume();
                wait.until(d -> alive(pumps) && levelOf(PUMP).equals("CRITICAL")); // zone D
                assertThat(textOf(By.id("count-critical"))).isEqualTo("1");
                wait.until(d -> levelOf("pump-204").equals("WARNING") && levelOf("pump-202").equals("OK"));
                screenshot("fleet");

                // Filter by site and asset type, sort by a column.
                choose("filter-site", "plant-b");
                wait.until(d -> sorted(shownDevices()).equals(List.of("fan-301", "pump-202", "pump-204")));
                choose("filter-asset", "centrifugal-pump");
                wait.until(d -> sorted(shownDevices()).equals(List.of("pump-202", "pump-204")));
                click(By.cssSelector("th[data-key='health']"));
                wait.until(d -> shownDevices().equals(List.of("pump-204", "pump-202"))); // zone C's health is the lower
                click(By.cssSelector("th[data-key='health']"));
                wait.until(d -> shownDevices().equals(List.of("pump-202", "pump-204"))); // descending
                choose("filter-site", "all");
                choose("filter-asset", "all");
                wait.until(d -> shownDevices().size() == 6);

                click(By.cssSelector("tr[data-device='" + PUMP + "'] a"));
                wait.until(d -> d.findElement(By.id("device-level")).getText().equals("CRITICAL"));
                wait.until(d -> !d.findElements(By.cssSelector("#live-charts svg polyline")).isEmpty());
                assertThat(textOf(By.id("device-alerts"))).contains("iso10816_zone>=D", "iso10816_zone>=C");

                // History from InfluxDB: the job's 5 s windows as the console reads them back through
                // InfluxQL, one point per window at step 5 s; the critical window's mean RMS velocity is
                // in zone D (>= 7.1 mm/s), so the series must reach it.
                await().atMost(DEADLINE).until(() -> maxOf(history(base, PUMP, "vib_rms_mm_s_mean")) >= 7.1);
                browser.navigate().refresh(); // the page reads the history when it opens a device
                wait.until(d -> d.findElement(By.id("device-level")).getText().equals("CRITICAL"));
                wait.until(d -> d.findElement(By.id("history-charts")).getText().contains("vib_rms_mm_s_mean")
                        && !d.findElements(By.cssSelector("#history-charts svg polyline")).isEmpty());
                screenshot("device");

                JsonNode critical = alertsOf(base, PUMP).stream()
                        .filter(a -> a.path("alert").path("condition").asText().equals("iso10816_zone>=D")).findFirst().orElseThrow();
                criticalId = critical.path("alert").path("id").asText();
                assertThat(critical.path("alert").path("severity").asText()).isEqualTo("CRITICAL");
                assertThat(critical.path("alert").path("value").asDouble()).isGreaterThanOrEqualTo(7.1);
                await().atMost(DEADLINE).until(() -> bodiesOf(criticalId, "OPEN") == 1 && count(mails(smtp), criticalId, "OPEN") == 1);
                await().atMost(DEADLINE).until(() -> webhook.refused() == 2);

                click(By.id("nav-inbox"));
                By row = By.cssSelector("#inbox-table tr[data-alert='" + criticalId + "']");
                wait.until(ExpectedConditions.visibilityOfElementLocated(row));
                screenshot("inbox");
                // Every delivery refused from now on, and the mail server down: the acknowledgement's
                // notifications wait in the outbox.
                webhook.failNext(Integer.MAX_VALUE);
                mailsBefore.addAll(mails(smtp)); // (a stopped GreenMail forgets what it received)
                smtp.stop();
                wait.until(d -> {
                    d.findElement(row).findElement(By.cssSelector("button.ack")).click();
                    return true;
                });
                wait.until(d -> d.findElements(row).isEmpty()); // it left the open tab
                click(By.id("tab-ACKNOWLEDGED"));
                wait.until(d -> d.findElement(row).findElement(By.cssSelector(".state")).getText().equals("ACKNOWLEDGED"));
                await().atMost(DEADLINE).until(() -> outbox(base).stream().filter(n -> n.path("transition").asText().equals("ACKNOWLEDGED"))
                        .filter(n -> n.path("attempts").asInt() >= 1 && !n.hasNonNull("sentAt")).count() == 2);

                // The acknowledgement reached the Flink job through prognos.alert-acks: it tells it back.
                alertsOut.subscribe(List.of(Topics.ALERTS));
                await().atMost(DEADLINE).until(() -> {
                    alertsOut.poll(Duration.ofMillis(200)).forEach(r -> echoes.add(AlertJson.decode(r.value())));
                    return echoes.stream().anyMatch(a -> a.id().equals(criticalId) && a.state() == Alert.State.ACKNOWLEDGED);
                });
            }
        }

        // The console restarts; the webhook and the mail server are back.
        webhook.failNext(0);
        smtp = startSmtp();
        try (ConsoleProcess console = console()) {
            // The page, left open through the restart, reconnects its live feed by itself.
            WebDriverWait wait = (WebDriverWait) new WebDriverWait(browser, DEADLINE).ignoring(StaleElementReferenceException.class);
            wait.until(d -> d.findElement(By.id("live")).getText().equals("live"));
            // Loaded anew from the restarted console (the same URL with a fragment alone would not reload it).
            browser.get(console.url() + "/#inbox");
            browser.navigate().refresh();
            wait.until(d -> d.findElements(By.id("tab-ACKNOWLEDGED")).size() == 1); // the session outlived the restart
            click(By.id("tab-ACKNOWLEDGED"));
            By row = By.cssSelector("#inbox-table tr[data-alert='" + criticalId + "']");
            wait.until(d -> d.findElement(row).findElement(By.cssSelector(".state")).getText().equals("ACKNOWLEDGED"));

            // Settled: every outbox row sent, and each channel got as many as the outbox holds for it.
            java.util.concurrent.atomic.AtomicReference<List<JsonNode>> settled = new java.util.concurrent.atomic.AtomicReference<>();
            await().atMost(DEADLINE).untilAsserted(() -> {
                List<JsonNode> rows = outbox(console.url());
                settled.set(rows);
                assertThat(rows).as("outbox").allMatch(n -> n.hasNonNull("sentAt"));
                assertThat(webhook.received()).as("webhook deliveries vs outbox " + rows).hasSize((int) count(rows, "hook"));
                assertThat(mailsBefore.size() + mails(smtp).size()).as("mails vs outbox " + rows).isEqualTo(count(rows, "mail"));
            });
            // Exactly one notification per alert transition on each channel, across the restart.
            List<JsonNode> rows = settled.get();
            List<String> hookTransitions = webhook.received().stream().map(r -> transitionOf(r.body())).toList();
            assertThat(hookTransitions).doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(transitions(rows, "hook"));
            List<Mail> allMails = new ArrayList<>(mailsBefore);
            allMails.addAll(mails(smtp));
            assertThat(allMails).extracting(Mail::notification).doesNotHaveDuplicates().hasSize((int) count(rows, "mail"));
            assertThat(allMails).extracting(Mail::transition).doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(transitions(rows, "mail"));
            assertThat(webhook.bodiesWith(criticalId)).hasSize(2);
            assertThat(webhook.bodiesWith(criticalId).get(0)).contains("\"transition\":\"OPEN\"");
            assertThat(webhook.bodiesWith(criticalId).get(1)).contains("\"transition\":\"ACKNOWLEDGED\"", "\"by\":\"ana\"");
            assertThat(count(mailsBefore, criticalId, "OPEN")).isEqualTo(1);
            assertThat(count(mailsBefore, criticalId, "ACKNOWLEDGED")).isZero(); // the server was down
            assertThat(count(mails(smtp), criticalId, "ACKNOWLEDGED")).isEqualTo(1);
            assertThat(count(mails(smtp), criticalId, "OPEN")).isZero();
            assertThat(mails(smtp)).filteredOn(m -> m.transition().equals(criticalId + " ACKNOWLEDGED")).singleElement()
                    .satisfies(m -> assertThat(m.subject()).contains("[CRITICAL] " + PUMP, "(by ana)"));
            List<String> keys = new ArrayList<>(webhook.received().stream().map(WebhookReceiver.Received::idempotencyKey).toList());
            assertThat(keys).doesNotHaveDuplicates().allMatch(k -> k.startsWith("prognos-notification-"));
        }
    }

    private static boolean alive(SimulatedPumps pumps) {
        stream.assertAlive();
        pumps.assertHealthy();
        return true;
    }

    private static List<String> sorted(List<String> devices) {
        return devices.stream().sorted().toList();
    }

    private static long count(List<JsonNode> outbox, String channel) {
        return outbox.stream().filter(n -> n.path("channel").asText().equals(channel)).count();
    }

    private static List<String> transitions(List<JsonNode> outbox, String channel) {
        return outbox.stream().filter(n -> n.path("channel").asText().equals(channel))
                .map(n -> n.path("alertId").asText() + " " + n.path("transition").asText()).toList();
    }

    private static String transitionOf(String body) {
        try {
            JsonNode n = new ObjectMapper().readTree(body);
            return n.path("alert").path("id").asText() + " " + n.path("transition").asText();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long bodiesOf(String alertId, String transition) {
        return webhook.received().stream().map(r -> transitionOf(r.body())).filter((alertId + " " + transition)::equals).count();
    }

    /** One e-mail as received: its subject, notification id header, and "alert-id TRANSITION" from its JSON body. */
    record Mail(String subject, String notification, String transition) {
    }

    private static List<Mail> mails(GreenMail server) throws Exception {
        List<Mail> out = new ArrayList<>();
        for (MimeMessage m : server.getReceivedMessages()) {
            // MailSender: the subject says "...: TRANSITION - condition..."; the body ends with the alert's JSON.
            String body = String.valueOf(m.getContent()).replace("\r\n", "\n"); // SMTP's line ends
            String id = new ObjectMapper().readTree(body.substring(body.indexOf("\n\n") + 2)).path("id").asText();
            java.util.regex.Matcher t = java.util.regex.Pattern.compile("\\): (OPEN|ACKNOWLEDGED|RESOLVED) - ").matcher(m.getSubject());
            assertThat(t.find()).as(m.getSubject()).isTrue();
            out.add(new Mail(m.getSubject(), m.getHeader("X-Prognos-Notification")[0], id + " " + t.group(1)));
        }
        return out;
    }

    private static long count(List<Mail> mails, String alertId, String transition) {
        return mails.stream().filter(m -> m.transition().equals(alertId + " " + transition)).count();
    }

    static KafkaConsumer<byte[], byte[]> committedReader(String group) {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** An element's text; the page re-renders on live events, so an element replaced while read is looked up again. */
    private static String textOf(By by) {
        return new WebDriverWait(browser, DEADLINE).ignoring(StaleElementReferenceException.class).until(d -> d.findElement(by).getText());
    }

    /** Clicks an element, looking it up again if the page replaced it before the click landed. */
    private static void click(By by) {
        new WebDriverWait(browser, DEADLINE).ignoring(StaleElementReferenceException.class).until(d -> {
            d.findElement(by).click();
            return true;
        });
    }

    /** Picks an option; the page re-renders on live events, so a select may be replaced under us: try again. */
    private static void choose(String selectId, String option) {
        new WebDriverWait(browser, DEADLINE).ignoring(StaleElementReferenceException.class).until(d -> {
            Select select = new Select(d.findElement(By.id(selectId)));
            select.selectByVisibleText(option);
            return new Select(d.findElement(By.id(selectId))).getFirstSelectedOption().getText().equals(option);
        });
    }

    private static List<String> shownDevices() {
        try {
            return browser.findElements(By.cssSelector("#fleet-table tbody tr")).stream().map(r -> r.getAttribute("data-device")).toList();
        } catch (StaleElementReferenceException e) {
            return List.of(); // re-rendered while read: the wait asks again
        }
    }

    /** The text of the {@code n}-th cell (1-based) of a device's row in the fleet table, or "" while re-rendered. */
    private static String cellOf(String device, int n) {
        try {
            List<WebElement> cells = browser.findElements(By.cssSelector("tr[data-device='" + device + "'] td:nth-child(" + n + ")"));
            return cells.isEmpty() ? "" : cells.get(0).getText();
        } catch (StaleElementReferenceException e) {
            return "";
        }
    }

    private static String levelOf(String device) {
        try {
            List<WebElement> cells = browser.findElements(By.cssSelector("tr[data-device='" + device + "'] td.level"));
            return cells.isEmpty() ? "" : cells.get(0).getText();
        } catch (StaleElementReferenceException e) {
            return ""; // re-rendered while read: the wait asks again
        }
    }

    private static List<JsonNode> outbox(String base) throws IOException, InterruptedException {
        return get(base, "/api/v1/notifications");
    }

    private static List<JsonNode> alertsOf(String base, String device) throws IOException, InterruptedException {
        return get(base, "/api/v1/alerts?device=" + device);
    }

    private static JsonNode history(String base, String device, String field) throws IOException, InterruptedException {
        return getJson(base, "/api/v1/devices/" + device + "/history?minutes=60&step=5&field=" + field);
    }

    private static double maxOf(JsonNode series) {
        double max = Double.NEGATIVE_INFINITY;
        for (JsonNode p : series.path("points")) {
            max = Math.max(max, p.path(1).asDouble());
        }
        return max;
    }

    private static List<JsonNode> get(String base, String path) throws IOException, InterruptedException {
        List<JsonNode> out = new ArrayList<>();
        getJson(base, path).forEach(out::add);
        return out;
    }

    private static JsonNode getJson(String base, String path) throws IOException, InterruptedException {
        String auth = Base64.getEncoder().encodeToString((ADMIN + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> r = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Basic " + auth).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("GET %s: %s", path, r.body()).isEqualTo(200);
        return new ObjectMapper().readTree(r.body());
    }

    /** Kept under target/screenshots; the README shows copies from dashboards/docs/. */
    private static void screenshot(String name) throws IOException {
        Path to = Files.createDirectories(Path.of("target", "screenshots")).resolve(name + ".png");
        Files.copy(((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath(), to, StandardCopyOption.REPLACE_EXISTING);
    }
}
