package dev.prognos.console;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.prognos.core.Topics;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ConsoleTest {

    @Test
    void shouldDescribeItselfAtApiV1Info() {
        given().when().get("/api/v1/info")
                .then().statusCode(200)
                .contentType("application/json")
                .body("name", equalTo("prognos-console"))
                .body("version", equalTo(System.getProperty("prognos.expected-version")))
                .body("topics", equalTo(Topics.ALL));
    }

    @Test
    void shouldSendAnonymousVisitorsToTheLoginPage() {
        given().redirects().follow(false).when().get("/")
                .then().statusCode(302)
                .header("Location", containsString("/login.html"));
        given().when().get("/login.html")
                .then().statusCode(200)
                .contentType(containsString("text/html"))
                .body(containsString("<title>Prognos console - log in</title>"));
    }

    @Test
    void shouldReportUpOnTheHealthEndpoint() {
        given().when().get("/q/health")
                .then().statusCode(200)
                .body("status", equalTo("UP"));
    }

    @Test
    void shouldServeItsOpenApiDocumentWithoutLogin() {
        given().when().get("/api/v1/openapi.json")
                .then().statusCode(200)
                .body("openapi", equalTo("3.0.3"))
                .body("info.title", equalTo("Prognos console API"));
    }

    @Test
    void shouldRefuseAnUnknownUser() {
        given().auth().preemptive().basic("nobody", "nothing-at-all").when().get("/api/v1/nothing-here").then().statusCode(401);
    }
}
