package dev.prognos.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prognos.console.support.ConsoleProcess;
import dev.prognos.console.support.FleetRecords;
import dev.prognos.console.support.WebhookReceiver;
import dev.prognos.core.alert.Alert;
import dev.prognos.stack.FreePorts;
import dev.prognos.stack.LocalKafka;
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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
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
 * The console as a person uses it, end to end: the packaged console in its own JVM on real Kafka,
 * the first admin made by the create-admin command, Debian's Chromium (headless, through Debian's
 * chromedriver) driving the real page. A pump degrades (its health windows move through ISO zones
 * A to D) until the stream processor's critical alert arrives; the fleet page turns it critical
 * without a reload; a technician acknowledges the alert in the inbox; the console restarts and the
 * alert is still acknowledged. A webhook receiver gets exactly one notification per alert
 * transition, through refused deliveries (retried) and across the restart.
 */
class ConsoleBrowserIT {

    static final String CHROMIUM = "/usr/bin/chromium";
    static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    static final String ADMIN = "ana";
    static final String PASSWORD = "a long enough secret";
    static final Duration DEADLINE = Duration.ofSeconds(90);

    static Path dir;
    static LocalKafka kafka;
    static WebhookReceiver webhook;
    static FleetRecords fleet;
    static WebDriver browser;
    static int port;

    @BeforeAll
    static void start() throws Exception {
        assertThat(new File(CHROMIUM).canExecute()).as("Debian's chromium (apt-get install chromium chromium-driver)").isTrue();
        assertThat(new File(CHROMEDRIVER).canExecute()).as("Debian's chromedriver (apt-get install chromium-driver)").isTrue();
        dir = Files.createTempDirectory(Files.createDirectories(Path.of("target", "it-console")).toAbsolutePath(), "run-");
        kafka = LocalKafka.start(dir.resolve("kafka"));
        webhook = new WebhookReceiver();
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
        if (webhook != null) {
            webhook.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    static ConsoleProcess console() {
        Map<String, String> env = new HashMap<>();
        env.put("PROGNOS_KAFKA", kafka.bootstrapServers());
        env.put("PROGNOS_CONSOLE_DATA", dir.resolve("console").toString());
        env.put("PROGNOS_CONSOLE_SESSION_KEY", "it-session-key-0123456789abcdef");
        Map<String, String> props = Map.of(
                "prognos.console.notify.channel.hook.type", "webhook",
                "prognos.console.notify.channel.hook.url", webhook.url(),
                "prognos.console.notify.channel.hook.min-severity", "WARNING",
                "prognos.console.notify.poll-ms", "100",
                "prognos.console.notify.retry-delay-ms", "300");
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

        long t0 = System.currentTimeMillis() - 600_000;
        String pump = "pump-201";
        fleet.status(pump, "plant-a", "centrifugal-pump", true, 0, "3", t0);
        fleet.status("pump-202", "plant-b", "centrifugal-pump", true, 0, "3", t0);
        fleet.health("pump-202", "plant-b", "centrifugal-pump", t0, 1.2, "A", 0.2, 0);
        // The rest of a small fleet, for the pictures: a worn pump (zone C), a fan, one offline with a backlog.
        fleet.status("pump-203", "plant-a", "centrifugal-pump", true, 0, "3", t0);
        fleet.health("pump-203", "plant-a", "centrifugal-pump", t0, 2.9, "B", 1.1, 0);
        fleet.status("pump-204", "plant-b", "centrifugal-pump", true, 0, "2", t0);
        fleet.health("pump-204", "plant-b", "centrifugal-pump", t0, 5.2, "C", 4.2, 0);
        fleet.status("fan-301", "plant-b", "axial-fan", true, 0, null, t0);
        fleet.health("fan-301", "plant-b", "axial-fan", t0, 0.9, "A", 0.4, 0);
        fleet.status("pump-205", "plant-a", "centrifugal-pump", false, 412, "3", t0 - 3_600_000);
        for (int i = 0; i < 5; i++) {
            fleet.health(pump, "plant-a", "centrifugal-pump", t0 + i * 10_000L, 1.5 + 0.1 * i, "A", 0.3, 0);
        }

        Alert critical;
        try (ConsoleProcess console = console()) {
            String base = console.url();
            browser.get(base + "/");
            new WebDriverWait(browser, DEADLINE).until(ExpectedConditions.visibilityOfElementLocated(By.id("j_username")));
            browser.findElement(By.id("j_username")).sendKeys(ADMIN);
            browser.findElement(By.id("j_password")).sendKeys(PASSWORD);
            browser.findElement(By.id("login")).click();
            WebDriverWait wait = new WebDriverWait(browser, DEADLINE);
            wait.until(d -> levelOf(pump).equals("OK"));
            wait.until(d -> browser.findElement(By.id("live")).getText().equals("live"));

            // Its failure approaches: the vibration climbs through zones B and C into D.
            double[] rms = {2.5, 3.6, 5.0, 6.2, 7.4, 8.8};
            String[] zone = {"B", "B", "C", "C", "D", "D"};
            for (int i = 0; i < rms.length; i++) {
                fleet.health(pump, "plant-a", "centrifugal-pump", t0 + (5 + i) * 10_000L, rms[i], zone[i], 2.0 + 2 * i, i < 4 ? 0 : 1);
            }
            wait.until(d -> levelOf(pump).equals("WARNING"));
            critical = FleetRecords.critical(pump, "plant-a", "centrifugal-pump", t0 + 10 * 10_000L, 8.8);
            webhook.failNext(2); // the first deliveries are refused: Failsafe retries
            fleet.alert(critical);
            wait.until(d -> levelOf(pump).equals("CRITICAL")); // live, no reload
            assertThat(browser.findElement(By.id("count-critical")).getText()).isEqualTo("1");
            screenshot("fleet");

            // Filter by site and asset type, sort by a column.
            choose("filter-site", "plant-b");
            wait.until(d -> shownDevices().equals(List.of("pump-204", "fan-301", "pump-202"))); // by level, then id
            choose("filter-asset", "centrifugal-pump");
            wait.until(d -> shownDevices().equals(List.of("pump-204", "pump-202")));
            browser.findElement(By.cssSelector("th[data-key='health']")).click();
            wait.until(d -> shownDevices().equals(List.of("pump-204", "pump-202"))); // 50 before 100
            browser.findElement(By.cssSelector("th[data-key='health']")).click();
            wait.until(d -> shownDevices().equals(List.of("pump-202", "pump-204"))); // descending
            choose("filter-site", "all");
            choose("filter-asset", "all");
            wait.until(d -> shownDevices().size() == 6);

            browser.findElement(By.cssSelector("tr[data-device='" + pump + "'] a")).click();
            wait.until(d -> d.findElement(By.id("device-level")).getText().equals("CRITICAL"));
            wait.until(d -> !d.findElements(By.cssSelector("#live-charts svg polyline")).isEmpty());
            assertThat(browser.findElement(By.id("device-alerts")).getText()).contains("iso10816_zone>=D");
            screenshot("device");

            await().atMost(DEADLINE).until(() -> webhook.bodiesWith("\"transition\":\"OPEN\"").size() == 1);
            assertThat(webhook.refused()).isEqualTo(2);

            browser.findElement(By.id("nav-inbox")).click();
            By row = By.cssSelector("#inbox-table tr[data-alert='" + critical.id() + "']");
            wait.until(ExpectedConditions.visibilityOfElementLocated(row));
            screenshot("inbox");
            // Every delivery refused from now on: the acknowledgement's notification waits in the outbox.
            webhook.failNext(Integer.MAX_VALUE);
            browser.findElement(row).findElement(By.cssSelector("button.ack")).click();
            wait.until(d -> d.findElements(row).isEmpty()); // it left the open tab
            browser.findElement(By.id("tab-ACKNOWLEDGED")).click();
            wait.until(d -> d.findElement(row).findElement(By.cssSelector(".state")).getText().equals("ACKNOWLEDGED"));
            await().atMost(DEADLINE).until(() -> outbox(base).stream().anyMatch(n -> n.path("transition").asText().equals("ACKNOWLEDGED")
                    && n.path("attempts").asInt() >= 1 && !n.hasNonNull("sentAt")));
        }

        // While the console is down: the stream processor confirms the acknowledgement, and a second pump alerts.
        fleet.alert(critical.withState(Alert.State.ACKNOWLEDGED, critical.ts() + 5_000));
        Alert second = FleetRecords.critical("pump-202", "plant-b", "centrifugal-pump", t0 + 200_000, 9.9);
        fleet.alert(second);
        webhook.failNext(0);

        try (ConsoleProcess console = console()) {
            browser.get(console.url() + "/#inbox");
            WebDriverWait wait = new WebDriverWait(browser, DEADLINE);
            wait.until(d -> d.findElements(By.id("tab-ACKNOWLEDGED")).size() == 1); // the session outlived the restart
            browser.findElement(By.id("tab-ACKNOWLEDGED")).click();
            By row = By.cssSelector("#inbox-table tr[data-alert='" + critical.id() + "']");
            wait.until(d -> d.findElement(row).findElement(By.cssSelector(".state")).getText().equals("ACKNOWLEDGED"));

            await().atMost(DEADLINE).until(() -> outbox(console.url()).size() == 3
                    && outbox(console.url()).stream().allMatch(n -> n.hasNonNull("sentAt")));
            assertThat(webhook.bodiesWith(critical.id())).hasSize(2);
            assertThat(webhook.bodiesWith(critical.id()).get(0)).contains("\"transition\":\"OPEN\"");
            assertThat(webhook.bodiesWith(critical.id()).get(1)).contains("\"transition\":\"ACKNOWLEDGED\"", "\"by\":\"ana\"");
            assertThat(webhook.bodiesWith(second.id())).hasSize(1);
            assertThat(webhook.received()).hasSize(3);
            List<String> keys = new ArrayList<>(webhook.received().stream().map(WebhookReceiver.Received::idempotencyKey).toList());
            assertThat(keys).doesNotHaveDuplicates().allMatch(k -> k.startsWith("prognos-notification-"));
        }
    }

    /** Picks an option; the page re-renders on live events, so a select may be replaced under us: try again. */
    private static void choose(String selectId, String option) {
        new WebDriverWait(browser, DEADLINE).ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(d -> {
            Select select = new Select(d.findElement(By.id(selectId)));
            select.selectByVisibleText(option);
            return new Select(d.findElement(By.id(selectId))).getFirstSelectedOption().getText().equals(option);
        });
    }

    private static List<String> shownDevices() {
        try {
            return browser.findElements(By.cssSelector("#fleet-table tbody tr")).stream().map(r -> r.getAttribute("data-device")).toList();
        } catch (org.openqa.selenium.StaleElementReferenceException e) {
            return List.of(); // re-rendered while read: the wait asks again
        }
    }

    private static String levelOf(String device) {
        try {
            List<WebElement> cells = browser.findElements(By.cssSelector("tr[data-device='" + device + "'] td.level"));
            return cells.isEmpty() ? "" : cells.get(0).getText();
        } catch (org.openqa.selenium.StaleElementReferenceException e) {
            return ""; // re-rendered while read: the wait asks again
        }
    }

    private static List<JsonNode> outbox(String base) throws IOException, InterruptedException {
        String auth = Base64.getEncoder().encodeToString((ADMIN + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> r = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(HttpRequest.newBuilder(URI.create(base + "/api/v1/notifications"))
                .header("Authorization", "Basic " + auth).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        List<JsonNode> out = new ArrayList<>();
        new ObjectMapper().readTree(r.body()).forEach(out::add);
        return out;
    }

    /** Kept under target/screenshots; the README shows copies from dashboards/docs/. */
    private static void screenshot(String name) throws IOException {
        Path to = Files.createDirectories(Path.of("target", "screenshots")).resolve(name + ".png");
        Files.copy(((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath(), to, StandardCopyOption.REPLACE_EXISTING);
    }
}
