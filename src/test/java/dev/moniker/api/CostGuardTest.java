package dev.moniker.api;

import com.anthropic.client.AnthropicClient;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.MessageCreateParams;
import com.openai.client.OpenAIClient;
import com.openai.core.http.HttpResponseFor;
import com.openai.errors.BadRequestException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import dev.moniker.support.FakeProviders;
import dev.moniker.support.Sdks;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code max_cost_per_request} through the real gateway with the official SDKs: an over-limit request with its own
 * output limit is refused with no provider call; one without is capped to what fits (per fallback step, at that
 * step's price); what an answer cost is in {@code x-moniker-cost-usd} and in {@code moniker_cost_usd_total}, for
 * JSON and streams, and a stream's usage chunk the caller did not ask for is asked for and kept from it.
 */
@QuarkusTest
@QuarkusTestResource(FakeProviders.class)
class CostGuardTest {

    private static final String COMPLETIONS = "/v1/chat/completions";

    @TestHTTPResource("/")
    URL gateway;

    private OpenAIClient openAi;
    private AnthropicClient anthropic;

    @BeforeEach
    void reset() {
        FakeProviders.primary.resetAll();
        openAi = Sdks.openAi(gateway);
        anthropic = Sdks.anthropic(gateway);
    }

    private static String completion(String model, int in, int out) {
        return """
                {"id":"c1","object":"chat.completion","created":1,"model":"%s","choices":[{"index":0,
                 "message":{"role":"assistant","content":"Hello."},"finish_reason":"stop"}],
                 "usage":{"prompt_tokens":%d,"completion_tokens":%d,"total_tokens":%d}}""".formatted(model, in, out, in + out);
    }

    private static void answers(String model, String body) {
        FakeProviders.primary.stubFor(post(COMPLETIONS).withRequestBody(matchingJsonPath("$.model", equalTo(model)))
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(body)));
    }

    private static com.github.tomakehurst.wiremock.matching.StringValuePattern equalTo(String value) {
        return com.github.tomakehurst.wiremock.client.WireMock.equalTo(value);
    }

    @Test
    void aRequestWithItsOwnLimitOverTheBudgetIsRefusedWithoutAProviderCall() {
        BadRequestException refused = assertThrows(BadRequestException.class, () -> openAi.chat().completions().create(
                ChatCompletionCreateParams.builder().model("priced.gpt").addUserMessage("Write a long story.")
                        .maxCompletionTokens(10_000).build()));
        assertEquals("cost_limit_exceeded", refused.code().orElseThrow());
        assertTrue(refused.getMessage().contains("exceeds this alias's max_cost_per_request of $0.0500"),
                refused.getMessage());
        assertTrue(refused.getMessage().contains("up to 10000 output tokens"), refused.getMessage());
        assertTrue(refused.getMessage().contains("lower max_tokens to 4"), refused.getMessage()); // 4,99x fits
        FakeProviders.primary.verify(0, postRequestedFor(urlEqualTo(COMPLETIONS)));

        com.anthropic.errors.BadRequestException viaAnthropic = assertThrows(
                com.anthropic.errors.BadRequestException.class, () -> anthropic.messages().create(
                        MessageCreateParams.builder().model("priced.claude").maxTokens(4000)
                                .addUserMessage("Write a long story.").build()));
        assertTrue(viaAnthropic.getMessage().contains("on anthropic/claude-3-5-sonnet-20241022")
                && viaAnthropic.getMessage().contains("exceeds this alias's max_cost_per_request of $0.0500; lower "
                + "max_tokens to 3"), viaAnthropic.getMessage());
        FakeProviders.primary.verify(0, postRequestedFor(urlEqualTo("/v1/messages")));
    }

    @Test
    void aRequestWithoutALimitIsCappedToWhatFitsAndItsCostIsReported() {
        answers("gpt-4o", completion("gpt-4o", 12, 300));
        HttpResponseFor<ChatCompletion> response = openAi.chat().completions().withRawResponse().create(
                ChatCompletionCreateParams.builder().model("priced.gpt").addUserMessage("Say hello.").build());
        assertEquals("Hello.", response.parse().choices().get(0).message().content().orElseThrow());
        long capped = Long.parseLong(response.headers().values("x-moniker-max-tokens-capped").get(0));
        // $0.05 less the prompt's few tokens at $2.50/M leaves just under 5,000 tokens at $10/M.
        assertTrue(capped > 4_990 && capped < 5_000, "capped to " + capped);
        FakeProviders.primary.verify(postRequestedFor(urlEqualTo(COMPLETIONS))
                .withRequestBody(matchingJsonPath("$.max_completion_tokens", equalTo(Long.toString(capped)))));
        // 12 input tokens at $2.50/M and 300 output tokens at $10/M
        assertEquals("0.003030", response.headers().values("x-moniker-cost-usd").get(0));
        assertEquals("capped=max_cost_per_request", response.headers().values("x-moniker-guardrails").get(0));
        assertTrue(metric("moniker_cost_usd_total", "priced.gpt", "openai/gpt-4o") >= 0.00303);
    }

    @Test
    void eachFallbackStepIsPricedAtItsOwnPrice() {
        FakeProviders.primary.stubFor(post(COMPLETIONS).withRequestBody(matchingJsonPath("$.model", equalTo("gpt-4o")))
                .willReturn(aResponse().withStatus(429).withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":{\"message\":\"quota\",\"type\":\"insufficient_quota\"}}")));
        answers("gpt-4o-mini", completion("gpt-4o-mini", 10, 1000));
        HttpResponseFor<ChatCompletion> response = openAi.chat().completions().withRawResponse().create(
                ChatCompletionCreateParams.builder().model("priced.gpt").addUserMessage("Say hello.").build());
        assertEquals("openai/gpt-4o-mini", response.headers().values("x-moniker-model").get(0));
        // gpt-4o was capped; gpt-4o-mini's whole output limit fits, so its request goes as the caller sent it
        FakeProviders.primary.verify(postRequestedFor(urlEqualTo(COMPLETIONS))
                .withRequestBody(matchingJsonPath("$.model", equalTo("gpt-4o")))
                .withRequestBody(matchingJsonPath("$.max_completion_tokens")));
        FakeProviders.primary.verify(postRequestedFor(urlEqualTo(COMPLETIONS))
                .withRequestBody(matchingJsonPath("$.model", equalTo("gpt-4o-mini")))
                .withRequestBody(notContaining("max_completion_tokens")));
        assertTrue(response.headers().values("x-moniker-max-tokens-capped").isEmpty());
        assertEquals("0.000602", response.headers().values("x-moniker-cost-usd").get(0)); // 10 x 0.15 + 1000 x 0.60
    }

    @Test
    void aStreamIsAskedForItsUsageWhichTheCallerDoesNotSeeUnlessItAsked() {
        String chunk = "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o\","
                + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"},\"finish_reason\":null}],\"usage\":null}\n\n";
        String last = "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o\","
                + "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}],\"usage\":null}\n\n";
        String usage = "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o\","
                + "\"choices\":[],\"usage\":{\"prompt_tokens\":1000,\"completion_tokens\":2000,\"total_tokens\":3000}}\n\n";
        FakeProviders.primary.stubFor(post(COMPLETIONS).willReturn(aResponse()
                .withHeader("Content-Type", "text/event-stream").withBody(chunk + last + usage + "data: [DONE]\n\n")));
        double before = metric("moniker_cost_usd_total", "priced.gpt", "openai/gpt-4o");

        List<ChatCompletionChunk> plain;
        try (var stream = openAi.chat().completions().createStreaming(ChatCompletionCreateParams.builder()
                .model("priced.gpt").maxCompletionTokens(100).addUserMessage("Say hi.").build())) {
            plain = stream.stream().toList();
        }
        FakeProviders.primary.verify(postRequestedFor(urlEqualTo(COMPLETIONS))
                .withRequestBody(matchingJsonPath("$.stream_options.include_usage", equalTo("true"))));
        assertFalse(plain.stream().anyMatch(c -> c.usage().isPresent()), "the caller did not ask for usage");
        assertEquals(2, plain.size());
        // 1000 x $2.50/M + 2000 x $10/M
        assertEquals(before + 0.0225, metric("moniker_cost_usd_total", "priced.gpt", "openai/gpt-4o"), 1e-9);

        List<ChatCompletionChunk> asked;
        try (var stream = openAi.chat().completions().createStreaming(ChatCompletionCreateParams.builder()
                .model("priced.gpt").maxCompletionTokens(100).addUserMessage("Say hi.")
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
            asked = stream.stream().toList();
        }
        assertEquals(3000, asked.get(asked.size() - 1).usage().orElseThrow().totalTokens());
    }

    @Test
    void anAnthropicStreamIsPricedFromItsOwnUsage() {
        FakeProviders.primary.stubFor(post("/v1/messages").willReturn(aResponse()
                .withHeader("Content-Type", "text/event-stream").withBody("""
                        event: message_start
                        data: {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","content":[],"model":"claude","stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":2000,"output_tokens":1}}}

                        event: content_block_start
                        data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

                        event: content_block_delta
                        data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hello"}}

                        event: content_block_stop
                        data: {"type":"content_block_stop","index":0}

                        event: message_delta
                        data: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":1000}}

                        event: message_stop
                        data: {"type":"message_stop"}

                        """)));
        double before = metric("moniker_cost_usd_total", "priced.claude", "anthropic/claude-3-5-sonnet-20241022");
        MessageAccumulator messages = MessageAccumulator.create();
        try (var stream = anthropic.messages().createStreaming(MessageCreateParams.builder().model("priced.claude")
                .maxTokens(1000).addUserMessage("Say hello.").build())) {
            stream.stream().forEach(messages::accumulate);
        }
        assertEquals("Hello", messages.message().content().get(0).asText().text());
        // 2000 x $3/M + 1000 x $15/M
        assertEquals(before + 0.021, metric("moniker_cost_usd_total", "priced.claude",
                "anthropic/claude-3-5-sonnet-20241022"), 1e-9);
    }

    private static double metric(String name, String alias, String model) {
        String body = RestAssured.get("/q/metrics").asString();
        Matcher m = Pattern.compile("(?m)^" + name + "\\{(?=[^}]*alias=\"" + Pattern.quote(alias) + "\")(?=[^}]*model=\""
                + Pattern.quote(model) + "\")[^}]*} (\\S+)$").matcher(body);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
