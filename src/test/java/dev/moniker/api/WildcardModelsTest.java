package dev.moniker.api;

import dev.moniker.support.FakeProviders;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code /v1/models} lists what a {@code groq/*} entry's provider serves, asked with its typed REST client. */
@QuarkusTest
@QuarkusTestResource(FakeProviders.class)
class WildcardModelsTest {

    private static final String GROQ_MODELS = "/openai/v1/models";

    @Inject
    ModelsResource models;

    @BeforeEach
    void reset() {
        FakeProviders.secondary.resetAll();
        models.wildcards().clear();
    }

    @Test
    void theProvidersModelsAreListedWithTheEntrysKeyAndKeptForAWhile() {
        FakeProviders.secondary.stubFor(get(urlEqualTo(GROQ_MODELS)).willReturn(aResponse()
                .withHeader("Content-Type", "application/json")
                .withBody("{\"object\":\"list\",\"data\":[{\"id\":\"llama-3.1-8b-instant\",\"object\":\"model\","
                        + "\"owned_by\":\"Meta\"},{\"id\":\"mixtral-8x7b-32768\",\"object\":\"model\"}]}")));
        given().get("/v1/models").then().statusCode(200)
                .body("data.id", hasItems("fast-model", "openai/gpt-4o", "groq/llama-3.1-8b-instant",
                        "groq/mixtral-8x7b-32768"))
                .body("data.find { it.id == 'groq/mixtral-8x7b-32768' }.owned_by", org.hamcrest.Matchers.equalTo("groq"));
        given().get("/v1/models").then().statusCode(200).body("data.id", hasItem("groq/mixtral-8x7b-32768"));
        FakeProviders.secondary.verify(1, getRequestedFor(urlEqualTo(GROQ_MODELS))
                .withHeader("Authorization", equalTo("Bearer gsk-test-key"))
                .withHeader("X-Team", equalTo("moniker-tests")));
        // A listed model is served through the wildcard entry.
        given().get("/v1/models/groq/mixtral-8x7b-32768").then().statusCode(200);
    }

    @Test
    void aProviderThatFailsOrHangsNeverFailsTheListing() {
        FakeProviders.secondary.stubFor(get(urlEqualTo(GROQ_MODELS)).willReturn(aResponse().withStatus(500)));
        List<String> ids = given().get("/v1/models").then().statusCode(200).extract().path("data.id");
        assertTrue(ids.contains("fast-model") && ids.stream().noneMatch(id -> id.startsWith("groq/")), ids.toString());

        models.wildcards().clear();
        FakeProviders.secondary.stubFor(get(urlEqualTo(GROQ_MODELS)).willReturn(aResponse()
                .withFixedDelay(10_000).withBody("{\"data\":[{\"id\":\"late-model\"}]}")));
        long start = System.nanoTime();
        given().get("/v1/models").then().statusCode(200).body("data.id", not(hasItem("groq/late-model")));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis < 8_000, "the listing waited " + millis + " ms for a hanging provider");
    }
}
