package dev.moniker.api;

import dev.moniker.support.FakeProviders;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

/** The HTTP contract of the OpenAI-compatible API: bad input, the default model, /v1/models. */
@QuarkusTest
@QuarkusTestResource(FakeProviders.class)
class HttpContractTest {

    @BeforeEach
    void reset() {
        FakeProviders.primary.resetAll();
        FakeProviders.secondary.resetAll();
    }

    private static void assertNoUpstreamCall() {
        FakeProviders.primary.verify(0, anyRequestedFor(anyUrl()));
        FakeProviders.secondary.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void malformedJsonIsBadRequest() {
        given().contentType("application/json").body("{\"model\": \"fast-model\", \"messages\": [")
                .post("/v1/chat/completions")
                .then().statusCode(400).contentType("application/json")
                .body("error.type", equalTo("invalid_request_error"))
                .body("error.code", nullValue())
                .body("error.message", org.hamcrest.Matchers.startsWith("The request body is not valid JSON"));
        assertNoUpstreamCall();
    }

    @Test
    void emptyBodyAndNonObjectBodyAreBadRequests() {
        given().contentType("application/json").body("")
                .post("/v1/chat/completions").then().statusCode(400)
                .body("error.message", equalTo("The request body is empty; expected a JSON object"));
        given().contentType("application/json").body("[1,2]")
                .post("/v1/chat/completions").then().statusCode(400)
                .body("error.message", equalTo("The request body must be a JSON object"));
        assertNoUpstreamCall();
    }

    @Test
    void missingOrEmptyMessagesAreBadRequests() {
        given().contentType("application/json").body("{\"model\":\"fast-model\"}")
                .post("/v1/chat/completions").then().statusCode(400)
                .body("error.param", equalTo("messages"))
                .body("error.message", equalTo("Missing required parameter: 'messages'"));
        given().contentType("application/json").body("{\"model\":\"fast-model\",\"messages\":[]}")
                .post("/v1/chat/completions").then().statusCode(400)
                .body("error.param", equalTo("messages"));
        given().contentType("application/json").body("{\"model\":42,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}")
                .post("/v1/chat/completions").then().statusCode(400)
                .body("error.param", equalTo("model"));
        given().contentType("application/json")
                .body("{\"model\":\"fast-model\",\"stream\":\"yes\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}")
                .post("/v1/chat/completions").then().statusCode(400)
                .body("error.param", equalTo("stream"));
        assertNoUpstreamCall();
    }

    @Test
    void unconfiguredProviderPrefixIsNotFound() {
        given().contentType("application/json")
                .body("{\"model\":\"nowhere/gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}")
                .post("/v1/chat/completions").then().statusCode(404)
                .body("error.code", equalTo("model_not_found"));
        assertNoUpstreamCall();
    }

    @Test
    void absentModelUsesTheDefaultEntry() {
        FakeProviders.primary.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withBody("{\"id\":\"x\",\"choices\":[]}")));
        given().contentType("application/json").body("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}")
                .post("/v1/chat/completions").then().statusCode(200)
                .header("x-moniker-model", "openai/gpt-4o")
                .header("x-moniker-alias", nullValue());
        FakeProviders.primary.verify(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withRequestBody(equalToJson("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"model\":\"gpt-4o\"}")));
    }

    @Test
    void streamingErrorAnswerIsRelayedAsJson() {
        FakeProviders.primary.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse()
                .withStatus(400).withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"message\":\"Invalid 'temperature'\",\"type\":\"invalid_request_error\","
                        + "\"param\":\"temperature\",\"code\":null}}")));
        given().contentType("application/json").body("{\"model\":\"fast-model\",\"stream\":true,\"temperature\":9,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}")
                .post("/v1/chat/completions").then().statusCode(400).contentType("application/json")
                .body("error.param", equalTo("temperature"));
    }

    @Test
    void modelsListsEveryAliasAndConfiguredModel() {
        given().get("/v1/models").then().statusCode(200)
                .body("object", equalTo("list"))
                .body("data.id", hasItems("arch.summarize.v1", "fast-model", "local-chat", "team.default",
                        "openai/gpt-4o-mini", "openai/gpt-4o", "anthropic/claude-3-5-sonnet-20241022",
                        "ollama/llama3.1", "azure_openai/gpt-4o-prod", "my-vllm/qwen2.5"))
                .body("data.id", not(hasItems("groq/*")))
                .body("data.find { it.id == 'fast-model' }.owned_by", equalTo("moniker"))
                .body("data.find { it.id == 'ollama/llama3.1' }.owned_by", equalTo("ollama"));
        given().get("/v1/models/fast-model").then().statusCode(200)
                .body("id", equalTo("fast-model")).body("object", equalTo("model"));
        given().get("/v1/models/openai/gpt-4o").then().statusCode(200)
                .body("id", equalTo("openai/gpt-4o")).body("owned_by", equalTo("openai"));
        given().get("/v1/models/gpt-7").then().statusCode(404)
                .body("error.code", equalTo("model_not_found"));
    }

    @Test
    void healthIsUp() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }
}
