package dev.moniker.api;

import dev.moniker.support.FakeProviders;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import com.github.tomakehurst.wiremock.client.WireMock;

@QuarkusTest
@QuarkusTestResource(FakeProviders.class)
class ChatCompletionsTest {

    @BeforeEach
    void reset() {
        FakeProviders.primary.resetAll();
        FakeProviders.secondary.resetAll();
    }

    @Test
    void aliasReachesItsProviderModelWithOnlyModelRewritten() {
        FakeProviders.primary.stubFor(post("/v1/chat/completions").willReturn(aResponse()
                .withHeader("Content-Type", "application/json")
                .withBody("{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"model\":\"gpt-4o-mini\","
                        + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Hi\"},"
                        + "\"finish_reason\":\"stop\"}]}")));

        given().contentType("application/json")
                .body("{\"model\":\"fast-model\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello!\"}],"
                        + "\"response_format\":{\"type\":\"json_object\"},\"reasoning_effort\":\"low\"}")
                .post("/v1/chat/completions")
                .then().statusCode(200)
                .header("x-moniker-alias", "fast-model")
                .header("x-moniker-model", "openai/gpt-4o-mini")
                .body("choices[0].message.content", equalTo("Hi"));

        FakeProviders.primary.verify(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withHeader("Authorization", com.github.tomakehurst.wiremock.client.WireMock.equalTo("Bearer sk-test-openai-key"))
                .withRequestBody(equalToJson("{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\","
                        + "\"content\":\"Hello!\"}],\"response_format\":{\"type\":\"json_object\"},"
                        + "\"reasoning_effort\":\"low\"}")));
    }

    @Test
    void streamIsRelayed() {
        String sse = "data: {\"choices\":[{\"delta\":{\"content\":\"He\"}}]}\n\n"
                + "data: {\"choices\":[{\"delta\":{\"content\":\"llo\"}}]}\n\n"
                + "data: [DONE]\n\n";
        FakeProviders.primary.stubFor(post("/v1/chat/completions").willReturn(aResponse()
                .withHeader("Content-Type", "text/event-stream").withBody(sse)));
        String body = given().contentType("application/json")
                .body("{\"model\":\"fast-model\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")
                .post("/v1/chat/completions")
                .then().statusCode(200).header("x-moniker-model", "openai/gpt-4o-mini")
                .extract().asString();
        org.junit.jupiter.api.Assertions.assertEquals(sse, body);
    }
}
