package dev.prognos.console;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.prognos.console.internal.Role;
import dev.prognos.console.internal.UserStore;
import dev.prognos.console.support.FleetRecords;
import dev.prognos.console.support.KafkaAndWebhook;
import dev.prognos.core.Topics;
import dev.prognos.core.alert.Alert;
import dev.prognos.core.alert.AlertAck;
import dev.prognos.core.alert.AlertAckJson;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The console's API against a real Kafka: the fleet from status and health records, the alert
 * workflow with its audit trail and the acknowledgement on prognos.alert-acks, roles, live
 * events and notifications to a real webhook receiver.
 */
@QuarkusTest
@QuarkusTestResource(KafkaAndWebhook.class)
class ConsoleApiTest {

    static final String PASSWORD = "correct horse battery";
    static final Duration DEADLINE = Duration.ofSeconds(60);
    static FleetRecords fleet;

    @Inject
    UserStore users;

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    @BeforeAll
    static void producer() {
        fleet = new FleetRecords(KafkaAndWebhook.bootstrap);
    }

    @AfterAll
    static void closeProducer() {
        fleet.close();
    }

    @BeforeEach
    void usersExist() {
        for (Role r : Role.values()) {
            if (users.list().stream().noneMatch(u -> u.name().equals(r.id() + "-user"))) {
                users.create(r.id() + "-user", r, PASSWORD.toCharArray());
            }
        }
    }

    static RequestSpecification as(Role role) {
        return given().auth().preemptive().basic(role.id() + "-user", PASSWORD);
    }

    @Test
    void shouldShowADeviceFromItsStatusAndHealthRecords() {
        long now = System.currentTimeMillis();
        fleet.status("pump-101", "plant-a", "centrifugal-pump", true, 3, "7", now);
        fleet.health("pump-101", "plant-a", "centrifugal-pump", now, 3.1, "B", 1.0, 0);

        await().atMost(DEADLINE).untilAsserted(() -> as(Role.VIEWER).get("/api/v1/devices?site=plant-a")
                .then().statusCode(200)
                .body("find { it.device == 'pump-101' }.online", equalTo(true))
                .body("find { it.device == 'pump-101' }.outboxDepth", equalTo(3))
                .body("find { it.device == 'pump-101' }.modelVersion", equalTo("7"))
                .body("find { it.device == 'pump-101' }.isoZone", equalTo("B"))
                .body("find { it.device == 'pump-101' }.health", equalTo(80.0f))
                .body("find { it.device == 'pump-101' }.level", equalTo("OK"))
                .body("find { it.device == 'pump-101' }.lastSeen", equalTo(now)));
        as(Role.VIEWER).get("/api/v1/devices?site=plant-b").then().statusCode(200)
                .body("device", org.hamcrest.Matchers.not(hasItem("pump-101")));
        as(Role.VIEWER).get("/api/v1/devices/pump-101").then().statusCode(200)
                .body("latestHealth.features.vib_rms_mm_s.mean", equalTo(3.1f));
        as(Role.VIEWER).get("/api/v1/devices/pump-101/recent").then().statusCode(200)
                .body("size()", equalTo(1));
    }

    @Test
    void shouldWorkAnAlertAndTellTheStreamProcessorAndTheWebhookOncePerTransition() throws Exception {
        long now = System.currentTimeMillis();
        Alert open = FleetRecords.critical("pump-102", "plant-a", "centrifugal-pump", now, 9.3);
        fleet.alert(open);

        await().atMost(DEADLINE).untilAsserted(() -> as(Role.VIEWER).get("/api/v1/devices/pump-102")
                .then().statusCode(200).body("device.level", equalTo("CRITICAL")).body("device.openAlerts", equalTo(1)));

        try (KafkaConsumer<byte[], byte[]> acks = consumer(Topics.ALERT_ACKS)) {
            as(Role.TECHNICIAN).contentType(ContentType.JSON).body(Map.of("id", open.id(), "note", "on my way"))
                    .post("/api/v1/alerts/acknowledge")
                    .then().statusCode(200).body("alert.state", equalTo("ACKNOWLEDGED"));

            List<AlertAck> seen = new ArrayList<>();
            await().atMost(DEADLINE).until(() -> {
                for (ConsumerRecord<byte[], byte[]> r : acks.poll(Duration.ofMillis(200))) {
                    seen.add(AlertAckJson.decode(r.value()));
                }
                return seen.stream().anyMatch(a -> a.alertId().equals(open.id()));
            });
            AlertAck ack = seen.stream().filter(a -> a.alertId().equals(open.id())).findFirst().orElseThrow();
            assertThat(ack.action()).isEqualTo(AlertAck.Action.ACKNOWLEDGE);
            assertThat(ack.by()).isEqualTo("technician-user");
            assertThat(ack.device()).isEqualTo("pump-102");
            assertThat(ack.note()).isEqualTo("on my way");
        }

        // The stream processor echoes the acknowledged state: no second transition, no second notification.
        fleet.alert(open.withState(Alert.State.ACKNOWLEDGED, now + 1000));
        fleet.health("pump-102", "plant-a", "centrifugal-pump", now + 2000, 9.0, "D", 8.0, 1); // a marker after the echo
        await().atMost(DEADLINE).untilAsserted(() -> as(Role.VIEWER).get("/api/v1/devices/pump-102")
                .then().body("device.healthTs", equalTo(now + 2000)));

        as(Role.TECHNICIAN).contentType(ContentType.JSON).body(Map.of("id", open.id(), "assignee", "ana"))
                .post("/api/v1/alerts/assign").then().statusCode(200).body("assignee", equalTo("ana"));
        as(Role.TECHNICIAN).contentType(ContentType.JSON).body(Map.of("id", open.id(), "text", "bearing replaced"))
                .post("/api/v1/alerts/comment").then().statusCode(200);
        as(Role.TECHNICIAN).contentType(ContentType.JSON).body(Map.of("id", open.id()))
                .post("/api/v1/alerts/resolve").then().statusCode(200).body("alert.state", equalTo("RESOLVED"));
        as(Role.TECHNICIAN).contentType(ContentType.JSON).body(Map.of("id", open.id()))
                .post("/api/v1/alerts/resolve").then().statusCode(409);

        Response detail = as(Role.VIEWER).queryParam("id", open.id()).get("/api/v1/alerts/one");
        detail.then().statusCode(200).body("alert.state", equalTo("RESOLVED"));
        List<String> trail = detail.path("audit.collect { it.actor + ' ' + it.action }");
        assertThat(trail).containsExactly("stream-processor raised", "technician-user acknowledged",
                "technician-user assigned", "technician-user commented", "technician-user resolved");

        await().atMost(DEADLINE).untilAsserted(() -> assertThat(KafkaAndWebhook.webhook.bodiesWith(open.id()))
                .hasSize(3));
        List<String> bodies = KafkaAndWebhook.webhook.bodiesWith(open.id());
        assertThat(bodies.get(0)).contains("\"transition\":\"OPEN\"");
        assertThat(bodies.get(1)).contains("\"transition\":\"ACKNOWLEDGED\"", "\"by\":\"technician-user\"");
        assertThat(bodies.get(2)).contains("\"transition\":\"RESOLVED\"");
        await().atMost(DEADLINE).untilAsserted(() -> {
            List<Map<String, Object>> rows = as(Role.ADMIN).get("/api/v1/notifications").then().statusCode(200)
                    .extract().path("findAll { it.alertId == '" + open.id() + "' }");
            assertThat(rows).extracting(r -> r.get("transition")).containsExactlyInAnyOrder("OPEN", "ACKNOWLEDGED", "RESOLVED");
            assertThat(rows).allSatisfy(r -> assertThat(r.get("sentAt")).isNotNull());
        });
        as(Role.VIEWER).get("/api/v1/notifications").then().statusCode(403);
        as(Role.VIEWER).get("/api/v1/devices/pump-102").then().body("device.openAlerts", equalTo(0));
    }

    @Test
    void shouldLetOnlyTechniciansActAndOnlyAdminsManageUsers() {
        long now = System.currentTimeMillis();
        Alert open = FleetRecords.critical("pump-103", "plant-b", "centrifugal-pump", now, 8.0);
        fleet.alert(open);
        await().atMost(DEADLINE).untilAsserted(() -> as(Role.VIEWER).queryParam("id", open.id())
                .get("/api/v1/alerts/one").then().statusCode(200));

        as(Role.VIEWER).contentType(ContentType.JSON).body(Map.of("id", open.id()))
                .post("/api/v1/alerts/acknowledge").then().statusCode(403);
        given().auth().preemptive().basic("technician-user", "wrong password!")
                .get("/api/v1/devices").then().statusCode(401);
        as(Role.TECHNICIAN).contentType(ContentType.JSON)
                .body(Map.of("name", "eve", "role", "admin", "password", "0123456789ab"))
                .post("/api/v1/users").then().statusCode(403);
        as(Role.ADMIN).contentType(ContentType.JSON)
                .body(Map.of("name", "ben", "role", "technician", "password", "short"))
                .post("/api/v1/users").then().statusCode(400)
                .body("error", equalTo("password: at least 10 characters, got 5"));
        as(Role.ADMIN).contentType(ContentType.JSON)
                .body(Map.of("name", "ben", "role", "technician", "password", "0123456789ab"))
                .post("/api/v1/users").then().statusCode(201).body("role", equalTo("TECHNICIAN"));
        given().auth().preemptive().basic("ben", "0123456789ab").get("/api/v1/me").then().statusCode(200)
                .body("roles", equalTo(List.of("technician", "viewer")));
        as(Role.VIEWER).queryParam("state", "SLEEPING").get("/api/v1/alerts").then().statusCode(400)
                .body("error", equalTo("state must be OPEN, ACKNOWLEDGED or RESOLVED, got 'SLEEPING'"));
    }

    @Test
    void shouldSkipARecordItCannotReadAndCarryOn() {
        fleet.raw(Topics.ALERTS, "pump-104", "{not json");
        fleet.raw(Topics.HEALTH, "pump-104", "[]");
        long now = System.currentTimeMillis();
        fleet.status("pump-104", "plant-c", "fan", false, 0, null, now);
        await().atMost(DEADLINE).untilAsserted(() -> as(Role.VIEWER).get("/api/v1/devices/pump-104")
                .then().statusCode(200).body("device.online", equalTo(false)).body("device.site", equalTo("plant-c")));
    }

    @Test
    void shouldSendLiveHealthOverServerSentEvents() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String auth = Base64.getEncoder().encodeToString(("viewer-user:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/events"))
                .header("Authorization", "Basic " + auth).header("Accept", "text/event-stream").build();
        HttpResponse<java.io.InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        List<String> lines = new CopyOnWriteArrayList<>();
        CompletableFuture.runAsync(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (java.io.IOException ignored) {
                // the stream closes when the test ends
            }
        });
        // Keep sending until one arrives: the subscription may register after the first record.
        await().atMost(DEADLINE).pollInterval(Duration.ofSeconds(1)).until(() -> {
            fleet.health("pump-105", "plant-a", "centrifugal-pump", System.currentTimeMillis(), 2.0, "A", 0.1, 0);
            return lines.stream().anyMatch(l -> l.startsWith("data:") && l.contains("\"device\":\"pump-105\""));
        });
        assertThat(lines).contains("event:health");
        response.body().close();
    }

    private static KafkaConsumer<byte[], byte[]> consumer(String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaAndWebhook.bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + System.nanoTime());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        c.subscribe(List.of(topic));
        return c;
    }
}
