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
    void shouldServeTheIndexPage() {
        given().when().get("/")
                .then().statusCode(200)
                .contentType(containsString("text/html"))
                .body(containsString("<title>Prognos console</title>"))
                .body(containsString("fleet view arrives with the console issue"));
    }

    @Test
    void shouldReportUpOnTheHealthEndpoint() {
        given().when().get("/q/health")
                .then().statusCode(200)
                .body("status", equalTo("UP"));
    }

    @Test
    void shouldAnswerNotFoundForAnUnknownApiPath() {
        given().when().get("/api/v1/nothing-here").then().statusCode(404);
    }
}
