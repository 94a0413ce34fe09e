package dev.moniker.api;

import dev.moniker.support.FakeProviders;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static io.restassured.RestAssured.given;

/**
 * The chat-completions tests against the packaged application (jar, or native executable with {@code -Dnative}).
 * With {@code -Paot} this run is also the training workload of the JDK AOT cache, hence the repeated exchanges.
 */
@QuarkusIntegrationTest
class ChatCompletionsIT extends ChatCompletionsTest {

    @Test
    void repeatedJsonAndStreamExchanges() {
        FakeProviders.primary.stubFor(post("/v1/chat/completions").willReturn(aResponse()
                .withHeader("Content-Type", "application/json")
                .withBody("{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,"
                        + "\"message\":{\"role\":\"assistant\",\"content\":\"Hi\"},\"finish_reason\":\"stop\"}]}")));
        for (int i = 0; i < 50; i++) {
            given().contentType("application/json")
                    .body("{\"model\":\"fast-model\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello!\"}]}")
                    .post("/v1/chat/completions")
                    .then().statusCode(200);
        }
        FakeProviders.primary.resetAll();
        FakeProviders.primary.stubFor(post("/v1/chat/completions").willReturn(aResponse()
                .withHeader("Content-Type", "text/event-stream")
                .withBody("data: {\"choices\":[{\"delta\":{\"content\":\"Hi\"}}]}\n\ndata: [DONE]\n\n")));
        for (int i = 0; i < 50; i++) {
            given().contentType("application/json")
                    .body("{\"model\":\"fast-model\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")
                    .post("/v1/chat/completions")
                    .then().statusCode(200);
        }
    }
}
