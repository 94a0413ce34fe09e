package dev.moniker.api;

import dev.moniker.support.FakeProviders;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/**
 * An entry in archgw's older shape ({@code name: legacy-local}, {@code provider: local}, a bare model, {@code endpoint:
 * host:port}) is served like today's: the exact outbound URL, auth header and body at the provider, reached by the
 * entry's name and by its bare model.
 */
@QuarkusTest
@QuarkusTestResource(FakeProviders.class)
class LegacyEntryTest {

    @BeforeEach
    void reset() {
        FakeProviders.primary.resetAll();
        FakeProviders.primary.stubFor(post("/v1/chat/completions").willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withBody("""
                        {"id":"c1","object":"chat.completion","created":1,"model":"legacy-model-7b","choices":[
                         {"index":0,"message":{"role":"assistant","content":"legacy ok"},"finish_reason":"stop"}]}""")));
    }

    @Test
    void anOlderShapeEntryIsCalledAtItsEndpointWithItsKeyByNameAndByModel() {
        for (String model : new String[] {"legacy-local", "legacy-model-7b"}) {
            given().contentType("application/json")
                    .body("{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                    .post("/v1/chat/completions")
                    .then().statusCode(200)
                    .header("x-moniker-model", equalTo("local/legacy-model-7b"))
                    .body("choices[0].message.content", equalTo("legacy ok"));
        }
        FakeProviders.primary.verify(2, postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withHeader("Authorization", com.github.tomakehurst.wiremock.client.WireMock.equalTo("Bearer legacy-test-key"))
                .withRequestBody(matchingJsonPath("$.model", com.github.tomakehurst.wiremock.client.WireMock
                        .equalTo("legacy-model-7b"))));
    }
}
