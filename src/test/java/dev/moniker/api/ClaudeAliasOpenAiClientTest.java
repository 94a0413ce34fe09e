package dev.moniker.api;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import dev.moniker.support.FakeProviders;
import dev.moniker.support.GatewayFiles;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An OpenAI SDK client talks to a Claude-backed alias without knowing it. */
@QuarkusTest
@QuarkusTestResource(FakeProviders.class)
class ClaudeAliasOpenAiClientTest {

    private static final String TOOLS_REQUEST = """
            {"model":"claude-3-5-sonnet-20241022","max_tokens":4096,"system":"You are a weather bot.",
             "messages":[{"role":"user","content":[{"type":"text","text":"Weather in Paris?"}]}],
             "tools":[{"name":"get_weather","description":"Current weather",
               "input_schema":{"type":"object","properties":{"location":{"type":"string"}}}}]%s}""";

    @TestHTTPResource("/v1")
    URL gateway;

    private OpenAIClient client;

    @BeforeEach
    void reset() {
        FakeProviders.primary.resetAll();
        FakeProviders.secondary.resetAll();
        client = OpenAIOkHttpClient.builder().baseUrl(gateway.toString()).apiKey("client-key-must-not-leak")
                .maxRetries(0).build();
    }

    private static ChatCompletionCreateParams.Builder weatherRequest() {
        return ChatCompletionCreateParams.builder()
                .model("creative-model")
                .addSystemMessage("You are a weather bot.")
                .addUserMessage("Weather in Paris?")
                .addTool(ChatCompletionFunctionTool.builder().function(FunctionDefinition.builder()
                        .name("get_weather").description("Current weather")
                        .parameters(FunctionParameters.builder()
                                .putAdditionalProperty("type", JsonValue.from("object"))
                                .putAdditionalProperty("properties",
                                        JsonValue.from(Map.of("location", Map.of("type", "string"))))
                                .build())
                        .build()).build());
    }

    private static void verifyOutbound(String body) {
        FakeProviders.primary.verify(postRequestedFor(urlEqualTo("/v1/messages"))
                .withHeader("x-api-key", WireMock.equalTo("sk-ant-test-key"))
                .withHeader("anthropic-version", WireMock.equalTo("2023-06-01"))
                .withoutHeader("Authorization")
                .withoutHeader("anthropic-beta")
                .withRequestBody(equalToJson(body)));
    }

    @Test
    void jsonToolCallWithSystemPrompt() {
        FakeProviders.primary.stubFor(post("/v1/messages").willReturn(aResponse()
                .withHeader("Content-Type", "application/json")
                .withHeader("request-id", "req_123")
                .withBody("""
                        {"id":"msg_01","type":"message","role":"assistant","model":"claude-3-5-sonnet-20241022",
                         "content":[{"type":"text","text":"Let me check."},
                           {"type":"tool_use","id":"toolu_01","name":"get_weather","input":{"location":"Paris"}}],
                         "stop_reason":"tool_use","stop_sequence":null,
                         "usage":{"input_tokens":20,"cache_read_input_tokens":5,"output_tokens":30}}""")));

        ChatCompletion completion = client.chat().completions().create(weatherRequest().build());

        verifyOutbound(TOOLS_REQUEST.formatted(""));
        assertEquals("msg_01", completion.id());
        assertEquals(ChatCompletion.Choice.FinishReason.TOOL_CALLS, completion.choices().get(0).finishReason());
        assertEquals("Let me check.", completion.choices().get(0).message().content().orElseThrow());
        ChatCompletionMessageFunctionToolCall call = completion.choices().get(0).message().toolCalls().orElseThrow()
                .get(0).asFunction();
        assertEquals("toolu_01", call.id());
        assertEquals("get_weather", call.function().name());
        assertEquals("{\"location\":\"Paris\"}", call.function().arguments());
        assertEquals(25, completion.usage().orElseThrow().promptTokens());
        assertEquals(30, completion.usage().orElseThrow().completionTokens());
        assertEquals(55, completion.usage().orElseThrow().totalTokens());
        assertEquals(5, completion.usage().orElseThrow().promptTokensDetails().orElseThrow().cachedTokens().orElseThrow());
    }

    @Test
    void streamedToolCallWithUsage() {
        FakeProviders.primary.stubFor(post("/v1/messages").willReturn(aResponse()
                .withHeader("Content-Type", "text/event-stream")
                .withBody(GatewayFiles.read("transcripts/anthropic-tools.sse"))));

        ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(weatherRequest()
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
            stream.stream().forEach(accumulator::accumulate);
        }
        ChatCompletion completion = accumulator.chatCompletion();

        verifyOutbound(TOOLS_REQUEST.formatted(",\"stream\":true"));
        assertEquals(ChatCompletion.Choice.FinishReason.TOOL_CALLS, completion.choices().get(0).finishReason());
        assertEquals("Let me check.", completion.choices().get(0).message().content().orElseThrow());
        ChatCompletionMessageFunctionToolCall call = completion.choices().get(0).message().toolCalls().orElseThrow()
                .get(0).asFunction();
        assertEquals("toolu_01T1x1fJ34qAmk2tNTrN7Up6", call.id());
        assertEquals("get_weather", call.function().name());
        assertEquals("{\"location\": \"Paris\"}", call.function().arguments());
        assertEquals(472, completion.usage().orElseThrow().promptTokens());
        assertEquals(89, completion.usage().orElseThrow().completionTokens());
    }

    @Test
    void anthropicOverloadedBecomesOpenAi503() {
        FakeProviders.primary.stubFor(post("/v1/messages").willReturn(aResponse().withStatus(529)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}")));
        String body = given().contentType("application/json")
                .body("{\"model\":\"arch.creative.v1\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")
                .post("/v1/chat/completions").then().statusCode(503).extract().asString();
        assertEquals("{\"error\":{\"message\":\"Overloaded\",\"type\":\"api_error\",\"param\":null,"
                + "\"code\":\"overloaded_error\"}}", body);
    }

    @Test
    void anthropicErrorToAStreamingRequestIsAnOpenAiError() {
        FakeProviders.primary.stubFor(post("/v1/messages").willReturn(aResponse().withStatus(429)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"Slow down\"}}")));
        String body = given().contentType("application/json")
                .body("{\"model\":\"creative-model\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")
                .post("/v1/chat/completions").then().statusCode(429).extract().asString();
        assertEquals("{\"error\":{\"message\":\"Slow down\",\"type\":\"rate_limit_error\",\"param\":null,"
                + "\"code\":\"rate_limit_error\"}}", body);
    }

    @Test
    void streamErrorEventEndsWithAnOpenAiErrorEvent() {
        FakeProviders.primary.stubFor(post("/v1/messages").willReturn(aResponse()
                .withHeader("Content-Type", "text/event-stream")
                .withBody(GatewayFiles.read("transcripts/anthropic-overloaded.sse"))));
        String body = given().contentType("application/json")
                .header("anthropic-beta", "prompt-caching-2024-07-31")
                .body("{\"model\":\"creative-model\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")
                .post("/v1/chat/completions").then().statusCode(200)
                .header("x-moniker-model", "anthropic/claude-3-5-sonnet-20241022")
                .extract().asString();
        assertTrue(body.endsWith("data: {\"error\":{\"message\":\"Overloaded\",\"type\":\"api_error\","
                + "\"param\":null,\"code\":\"overloaded_error\"}}\n\n"), body);
        assertTrue(!body.contains("[DONE]"), body);
        FakeProviders.primary.verify(postRequestedFor(urlEqualTo("/v1/messages"))
                .withHeader("anthropic-beta", WireMock.equalTo("prompt-caching-2024-07-31"))
                .withHeader("Accept", WireMock.equalTo("text/event-stream")));
    }

    @Test
    void untranslatableRequestIsRefusedBeforeAnyCall() {
        given().contentType("application/json")
                .body("{\"model\":\"creative-model\",\"n\":3,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")
                .post("/v1/chat/completions").then().statusCode(400)
                .body(org.hamcrest.Matchers.equalTo("{\"error\":{\"message\":\"Anthropic models return one choice "
                        + "per request; 'n' must be 1\",\"type\":\"invalid_request_error\",\"param\":\"n\",\"code\":null}}"));
        assertEquals(0, FakeProviders.primary.getAllServeEvents().size());
    }
}
