package dev.moniker.api;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.JsonValue;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolUseBlock;
import com.github.tomakehurst.wiremock.client.WireMock;
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

/** An Anthropic SDK client uses {@code /v1/messages} with any alias. */
@QuarkusTest
@QuarkusTestResource(FakeProviders.class)
class MessagesApiTest {

    private static final String CLIENT_KEY = "ant-client-key-must-not-leak";

    @TestHTTPResource("/")
    URL gateway;

    private AnthropicClient client;

    @BeforeEach
    void reset() {
        FakeProviders.primary.resetAll();
        FakeProviders.secondary.resetAll();
        client = AnthropicOkHttpClient.builder().baseUrl(gateway.toString().replaceAll("/$", ""))
                .apiKey(CLIENT_KEY).maxRetries(0).build();
    }

    private static MessageCreateParams.Builder weatherRequest(String model) {
        return MessageCreateParams.builder()
                .model(model)
                .maxTokens(300)
                .system("You are a weather bot.")
                .addUserMessage("Weather in Paris?")
                .addTool(Tool.builder().name("get_weather").description("Current weather")
                        .inputSchema(Tool.InputSchema.builder()
                                .properties(JsonValue.from(Map.of("location", Map.of("type", "string"))))
                                .build())
                        .build());
    }

    // --- OpenAI-format target: translated both ways ---

    @Test
    void jsonAgainstAnOpenAiTarget() {
        FakeProviders.primary.stubFor(post("/v1/chat/completions").willReturn(aResponse()
                .withHeader("Content-Type", "application/json")
                .withBody("""
                        {"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"gpt-4o-mini",
                         "choices":[{"index":0,"message":{"role":"assistant","content":"Checking.","tool_calls":[
                           {"id":"call_1","type":"function","function":{"name":"get_weather",
                             "arguments":"{\\"location\\":\\"Paris\\"}"}}]},"finish_reason":"tool_calls"}],
                         "usage":{"prompt_tokens":50,"completion_tokens":9,"total_tokens":59}}""")));

        Message message = client.messages().create(weatherRequest("fast-model").build());

        FakeProviders.primary.verify(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withHeader("Authorization", WireMock.equalTo("Bearer sk-test-openai-key"))
                .withoutHeader("x-api-key")
                .withRequestBody(equalToJson("""
                        {"model":"gpt-4o-mini","messages":[{"role":"system","content":"You are a weather bot."},
                           {"role":"user","content":"Weather in Paris?"}],
                         "max_completion_tokens":300,
                         "tools":[{"type":"function","function":{"name":"get_weather","description":"Current weather",
                           "parameters":{"type":"object","properties":{"location":{"type":"string"}}}}}]}""")));
        assertEquals("chatcmpl-1", message.id());
        assertEquals(StopReason.TOOL_USE, message.stopReason().orElseThrow());
        assertEquals("Checking.", message.content().get(0).asText().text());
        ToolUseBlock toolUse = message.content().get(1).asToolUse();
        assertEquals("call_1", toolUse.id());
        assertEquals("get_weather", toolUse.name());
        assertEquals(JsonValue.from(Map.of("location", "Paris")), toolUse._input());
        assertEquals(50, message.usage().inputTokens());
        assertEquals(9, message.usage().outputTokens());
    }

    @Test
    void streamAgainstAnOpenAiTarget() {
        FakeProviders.primary.stubFor(post("/v1/chat/completions").willReturn(aResponse()
                .withHeader("Content-Type", "text/event-stream")
                .withBody(GatewayFiles.read("transcripts/openai-text.sse"))));

        MessageAccumulator accumulator = MessageAccumulator.create();
        try (StreamResponse<RawMessageStreamEvent> stream = client.messages().createStreaming(
                MessageCreateParams.builder().model("fast-model").maxTokens(20).addUserMessage("Hi").build())) {
            stream.stream().forEach(accumulator::accumulate);
        }
        Message message = accumulator.message();

        FakeProviders.primary.verify(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withRequestBody(equalToJson("""
                        {"model":"gpt-4o-mini","messages":[{"role":"user","content":"Hi"}],"max_completion_tokens":20,
                         "stream":true,"stream_options":{"include_usage":true}}""")));
        assertEquals("Hello!", message.content().get(0).asText().text());
        assertEquals(StopReason.END_TURN, message.stopReason().orElseThrow());
        assertEquals(3, message.usage().outputTokens());
    }

    @Test
    void streamedParallelToolCallsAgainstAnOpenAiTarget() {
        FakeProviders.primary.stubFor(post("/v1/chat/completions").willReturn(aResponse()
                .withHeader("Content-Type", "text/event-stream")
                .withBody(GatewayFiles.read("transcripts/openai-tools.sse"))));

        MessageAccumulator accumulator = MessageAccumulator.create();
        try (StreamResponse<RawMessageStreamEvent> stream = client.messages().createStreaming(
                weatherRequest("smart-model").build())) {
            stream.stream().forEach(accumulator::accumulate);
        }
        Message message = accumulator.message();

        assertEquals(StopReason.TOOL_USE, message.stopReason().orElseThrow());
        assertEquals(2, message.content().size());
        ToolUseBlock weather = message.content().get(0).asToolUse();
        assertEquals("call_abc", weather.id());
        assertEquals("get_weather", weather.name());
        assertEquals(JsonValue.from(Map.of("location", "Paris")), weather._input());
        ToolUseBlock now = message.content().get(1).asToolUse();
        assertEquals("call_def", now.id());
        assertEquals(JsonValue.from(Map.of()), now._input());
    }

    @Test
    void openAiErrorComesBackInAnthropicsEnvelope() {
        FakeProviders.primary.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(429)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\",\"param\":null,"
                        + "\"code\":\"rate_limit_exceeded\"}}")));
        given().contentType("application/json").header("x-api-key", CLIENT_KEY)
                .body("{\"model\":\"fast-model\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")
                .post("/v1/messages").then().statusCode(429)
                .body(org.hamcrest.Matchers.equalTo("{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\","
                        + "\"message\":\"Rate limit reached\"}}"));
    }

    // --- Anthropic target: passed through ---

    @Test
    void jsonAgainstAnAnthropicTargetPassesThroughWithOnlyModelRewritten() {
        String answer = "{\"id\":\"msg_01\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-3-5-sonnet-20241022\","
                + "\"content\":[{\"type\":\"text\",\"text\":\"Sunny.\"}],\"stop_reason\":\"end_turn\",\"stop_sequence\":null,"
                + "\"usage\":{\"input_tokens\":12,\"output_tokens\":3}}";
        FakeProviders.primary.stubFor(post("/v1/messages").willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withBody(answer)));

        Message message = client.messages().create(weatherRequest("creative-model").build());

        FakeProviders.primary.verify(postRequestedFor(urlEqualTo("/v1/messages"))
                .withHeader("x-api-key", WireMock.equalTo("sk-ant-test-key"))
                .withHeader("anthropic-version", WireMock.equalTo("2023-06-01"))
                .withoutHeader("Authorization")
                .withRequestBody(equalToJson("""
                        {"model":"claude-3-5-sonnet-20241022","max_tokens":300,"system":"You are a weather bot.",
                         "messages":[{"role":"user","content":"Weather in Paris?"}],
                         "tools":[{"name":"get_weather","description":"Current weather",
                           "input_schema":{"type":"object","properties":{"location":{"type":"string"}}}}]}""")));
        assertEquals("Sunny.", message.content().get(0).asText().text());

        String raw = given().contentType("application/json").header("Authorization", "Bearer " + CLIENT_KEY)
                .body("{\"model\":\"creative-model\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")
                .post("/v1/messages").then().statusCode(200)
                .header("x-moniker-alias", "creative-model")
                .header("x-moniker-model", "anthropic/claude-3-5-sonnet-20241022")
                .extract().asString();
        assertEquals(answer, raw);
    }

    @Test
    void streamAgainstAnAnthropicTargetIsRelayedByteForByte() {
        String transcript = GatewayFiles.read("transcripts/anthropic-tools.sse");
        FakeProviders.primary.stubFor(post("/v1/messages").willReturn(aResponse()
                .withHeader("Content-Type", "text/event-stream").withBody(transcript)));

        MessageAccumulator accumulator = MessageAccumulator.create();
        try (StreamResponse<RawMessageStreamEvent> stream = client.messages().createStreaming(
                weatherRequest("arch.creative.v1").build())) {
            stream.stream().forEach(accumulator::accumulate);
        }
        Message message = accumulator.message();
        assertEquals(StopReason.TOOL_USE, message.stopReason().orElseThrow());
        assertEquals(JsonValue.from(Map.of("location", "Paris")), message.content().get(1).asToolUse()._input());

        String raw = given().contentType("application/json").header("anthropic-beta", "tools-2024-05-16")
                .body("{\"model\":\"creative-model\",\"stream\":true,\"max_tokens\":5,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")
                .post("/v1/messages").then().statusCode(200).extract().asString();
        assertEquals(transcript, raw);
        FakeProviders.primary.verify(postRequestedFor(urlEqualTo("/v1/messages"))
                .withHeader("anthropic-beta", WireMock.equalTo("tools-2024-05-16"))
                .withRequestBody(equalToJson("{\"model\":\"claude-3-5-sonnet-20241022\",\"stream\":true,"
                        + "\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")));
    }

    @Test
    void cutAnthropicStreamEndsWithAnErrorEvent() {
        String transcript = GatewayFiles.read("transcripts/anthropic-cut.sse");
        FakeProviders.primary.stubFor(post("/v1/messages").willReturn(aResponse()
                .withHeader("Content-Type", "text/event-stream").withBody(transcript)));
        String raw = given().contentType("application/json")
                .body("{\"model\":\"creative-model\",\"stream\":true,\"max_tokens\":5,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")
                .post("/v1/messages").then().statusCode(200).extract().asString();
        assertEquals(transcript + "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"api_error\","
                + "\"message\":\"The provider stream ended before it was complete\"}}\n\n", raw);
    }

    @Test
    void customAnthropicInterfaceUsesItsPathPrefix() {
        FakeProviders.secondary.stubFor(post("/proxy/messages").willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withBody("{\"id\":\"msg_9\",\"type\":\"message\","
                        + "\"role\":\"assistant\",\"model\":\"claude-sonnet-4\",\"content\":[],\"stop_reason\":\"end_turn\","
                        + "\"stop_sequence\":null,\"usage\":{\"input_tokens\":1,\"output_tokens\":0}}")));
        given().contentType("application/json")
                .body("{\"model\":\"proxied-claude\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")
                .post("/v1/messages").then().statusCode(200);
        FakeProviders.secondary.verify(postRequestedFor(urlEqualTo("/proxy/messages"))
                .withHeader("x-api-key", WireMock.equalTo("sk-proxy-key"))
                .withRequestBody(equalToJson("{\"model\":\"claude-sonnet-4\",\"max_tokens\":5,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")));
    }

    // --- gateway errors, in Anthropic's envelope ---

    @Test
    void unknownModelIs404NotFound() {
        given().contentType("application/json")
                .body("{\"model\":\"no-such-model\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")
                .post("/v1/messages").then().statusCode(404)
                .body(org.hamcrest.Matchers.equalTo("{\"type\":\"error\",\"error\":{\"type\":\"not_found_error\","
                        + "\"message\":\"model: no-such-model\"}}"));
    }

    @Test
    void malformedBodyIs400() {
        given().contentType("application/json").body("{\"model\":")
                .post("/v1/messages").then().statusCode(400)
                .body(org.hamcrest.Matchers.equalTo("{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\","
                        + "\"message\":\"The request body is not valid JSON\"}}"));
    }

    @Test
    void slowProviderIsATimeoutInAnthropicsEnvelope() {
        FakeProviders.primary.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse()
                .withFixedDelay(6000).withHeader("Content-Type", "application/json").withBody("{}")));
        given().contentType("application/json")
                .body("{\"model\":\"slow-model\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")
                .post("/v1/messages").then().statusCode(504)
                .body("type", org.hamcrest.Matchers.equalTo("error"))
                .body("error.type", org.hamcrest.Matchers.equalTo("timeout_error"))
                .body("error.message", org.hamcrest.Matchers.containsString(
                        "provider model openai/o3-mini did not answer in time"));
    }

    @Test
    void unreachableProviderIs502() {
        given().contentType("application/json")
                .body("{\"model\":\"claude-down\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")
                .post("/v1/messages").then().statusCode(502)
                .body(org.hamcrest.Matchers.equalTo("{\"type\":\"error\",\"error\":{\"type\":\"api_error\","
                        + "\"message\":\"The attempt failed: anthropic/claude-3-haiku-20240307: unavailable (provider model "
                        + "anthropic/claude-3-haiku-20240307 is unreachable (connection refused))\"}}"));
        assertTrue(FakeProviders.primary.getAllServeEvents().isEmpty());
    }
}
