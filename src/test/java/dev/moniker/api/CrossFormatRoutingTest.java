package dev.moniker.api;

import dev.moniker.support.FakeProviders;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/** Fallback chains that cross wire formats: every attempt answers in the caller's format. */
@QuarkusTest
@QuarkusTestResource(FakeProviders.class)
class CrossFormatRoutingTest {

    private static final String LLAMA_ANSWER = "{\"id\":\"chatcmpl-9\",\"object\":\"chat.completion\",\"created\":1,"
            + "\"model\":\"llama3.1\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":"
            + "\"from llama\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":2,"
            + "\"total_tokens\":5}}";

    @BeforeEach
    void reset() {
        FakeProviders.primary.resetAll();
        FakeProviders.secondary.resetAll();
        CircuitBreakerMaintenance.get().resetAll();
        FakeProviders.secondary.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withBody(LLAMA_ANSWER)));
    }

    @Test
    void anOverloadedClaudeFallsBackToAnOpenAiFormatModelForAnOpenAiClient() {
        FakeProviders.secondary.stubFor(post(urlEqualTo("/proxy/messages")).willReturn(aResponse().withStatus(529)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}")));
        given().contentType("application/json")
                .body("{\"model\":\"route.claude-first\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")
                .post("/v1/chat/completions")
                .then().statusCode(200)
                .header("x-moniker-model", "ollama/llama3.1")
                .header("x-moniker-attempts", "claude-proxy/claude-sonnet-4=503 server_error, ollama/llama3.1=ok")
                .body("choices[0].message.content", equalTo("from llama"));
    }

    @Test
    void anAnthropicClientFallsBackAcrossFormatsAndGetsAnAnthropicMessage() {
        FakeProviders.primary.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse().withStatus(503)));
        given().contentType("application/json").header("x-api-key", "client-key")
                .body("{\"model\":\"route.fallback\",\"max_tokens\":64,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")
                .post("/v1/messages")
                .then().statusCode(200)
                .header("x-moniker-attempts", "openai/gpt-4o-mini=503 server_error, ollama/llama3.1=ok")
                .body("type", equalTo("message"))
                .body("content[0].text", equalTo("from llama"))
                .body("stop_reason", equalTo("end_turn"));
        FakeProviders.secondary.verify(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withRequestBody(equalToJson("{\"model\":\"llama3.1\",\"max_tokens\":64,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}", true, true)));
    }
}
