package dev.moniker.api;

import dev.moniker.support.FakeProviders;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/** Readiness checks something: the loaded configuration, with each provider entry's breaker state. */
@QuarkusTest
@QuarkusTestResource(FakeProviders.class)
class HealthTest {

    @Test
    void readinessNamesTheConfigurationAndEveryProviderEntrysBreaker() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("moniker"))
                .body("checks.find { it.name == 'moniker' }.data.'breaker openai/gpt-4o-mini'", equalTo("closed"));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }
}
