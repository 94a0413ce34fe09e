package dev.moniker.api;

import com.anthropic.client.AnthropicClient;
import com.anthropic.errors.BadRequestException;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.openai.client.OpenAIClient;
import com.openai.errors.SseException;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import dev.moniker.support.FakeProviders;
import dev.moniker.support.Sdks;
import dev.moniker.support.GatewayFiles;
import dev.moniker.support.TestStages;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URL;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The request, answer and stream stages run identically for both ingress APIs and all four (ingress, provider)
 * format pairs, JSON and streams: the official SDKs call aliases that {@link TestStages} equips, WireMock answers
 * in the target's format. Aliases {@code staged.gpt} (OpenAI format) and {@code staged.claude} (Anthropic format).
 */
@QuarkusTest
@QuarkusTestResource(FakeProviders.class)
class StagesTest {

    private static final String OPENAI_ANSWER = """
            {"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"gpt-4o-mini",
             "choices":[{"index":0,"message":{"role":"assistant","content":"Hello!"},"finish_reason":"stop"}],
             "usage":{"prompt_tokens":7,"completion_tokens":2,"total_tokens":9}}""";
    private static final String ANTHROPIC_ANSWER = """
            {"id":"msg_1","type":"message","role":"assistant","model":"claude-3-5-sonnet-20241022",
             "content":[{"type":"text","text":"Hello!"}],"stop_reason":"end_turn","stop_sequence":null,
             "usage":{"input_tokens":7,"output_tokens":2}}""";

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

    /** The target's wire format: answers JSON or the recorded stream at its path. */
    private static String provide(String target, boolean stream) {
        boolean claude = target.equals("claude");
        String path = claude ? "/v1/messages" : "/v1/chat/completions";
        String body = stream ? GatewayFiles.read(claude ? "transcripts/anthropic-text.sse" : "transcripts/openai-text.sse")
                : claude ? ANTHROPIC_ANSWER : OPENAI_ANSWER;
        FakeProviders.primary.stubFor(post(path).willReturn(aResponse()
                .withHeader("Content-Type", stream ? "text/event-stream" : "application/json").withBody(body)));
        return path;
    }

    /** The provider received the request as the request stage left it. */
    private static void verifyRedacted(String path) {
        FakeProviders.primary.verify(postRequestedFor(urlEqualTo(path))
                .withRequestBody(containing("my key is [redacted]"))
                .withRequestBody(notContaining("SECRET-TOKEN")));
    }

    private ChatCompletionCreateParams.Builder openAiRequest(String alias, String text) {
        return ChatCompletionCreateParams.builder().model(alias).addUserMessage(text)
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build());
    }

    private MessageCreateParams anthropicRequest(String alias, String text) {
        return MessageCreateParams.builder().model(alias).maxTokens(50).addUserMessage(text).build();
    }

    @ParameterizedTest
    @ValueSource(strings = {"gpt", "claude"})
    void openAiCallerJsonAndStream(String target) {
        String path = provide(target, false);
        ChatCompletion completion = openAi.chat().completions()
                .create(openAiRequest("staged." + target, "my key is SECRET-TOKEN").build());
        assertEquals("HELLO!", completion.choices().get(0).message().content().orElseThrow());
        assertEquals(List.of("usage 7/2"), TestStages.SEEN);
        verifyRedacted(path);

        FakeProviders.primary.resetAll();
        provide(target, true);
        ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
        try (var stream = openAi.chat().completions()
                .createStreaming(openAiRequest("staged." + target, "my key is SECRET-TOKEN").build())) {
            stream.stream().forEach(accumulator::accumulate);
        }
        assertEquals("HELLO!", accumulator.chatCompletion().choices().get(0).message().content().orElseThrow());
        assertTrue(TestStages.SEEN.contains("finish stop"), TestStages.SEEN.toString());
        assertTrue(TestStages.SEEN.stream().anyMatch(seen -> seen.startsWith("usage ")), TestStages.SEEN.toString());
        verifyRedacted(path);
    }

    @ParameterizedTest
    @ValueSource(strings = {"gpt", "claude"})
    void anthropicCallerJsonAndStream(String target) {
        String path = provide(target, false);
        Message message = anthropic.messages().create(anthropicRequest("staged." + target, "my key is SECRET-TOKEN"));
        assertEquals("HELLO!", message.content().get(0).asText().text());
        assertEquals(List.of("usage 7/2"), TestStages.SEEN);
        verifyRedacted(path);

        FakeProviders.primary.resetAll();
        provide(target, true);
        MessageAccumulator accumulator = MessageAccumulator.create();
        try (var stream = anthropic.messages()
                .createStreaming(anthropicRequest("staged." + target, "my key is SECRET-TOKEN"))) {
            stream.stream().forEach(accumulator::accumulate);
        }
        assertEquals("HELLO!", accumulator.message().content().get(0).asText().text());
        assertTrue(TestStages.SEEN.contains("finish end_turn"), TestStages.SEEN.toString());
        verifyRedacted(path);
    }

    @ParameterizedTest
    @ValueSource(strings = {"gpt", "claude"})
    void aRefusedRequestNeverReachesTheProvider(String target) {
        String path = provide(target, false);
        com.openai.errors.BadRequestException openAiRefusal = assertThrows(com.openai.errors.BadRequestException.class,
                () -> openAi.chat().completions().create(openAiRequest("staged." + target, "a forbidden ask").build()));
        assertTrue(openAiRefusal.getMessage().contains(TestStages.REFUSED_INPUT), openAiRefusal.getMessage());
        BadRequestException anthropicRefusal = assertThrows(BadRequestException.class,
                () -> anthropic.messages().create(anthropicRequest("staged." + target, "a forbidden ask")));
        assertTrue(anthropicRefusal.getMessage().contains(TestStages.REFUSED_INPUT), anthropicRefusal.getMessage());
        FakeProviders.primary.verify(0, postRequestedFor(urlEqualTo(path)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"gpt", "claude"})
    void aRefusedAnswerIsAnErrorAndARefusedStreamEndsWithAnErrorEvent(String target) {
        provide(target, false);
        String alias = "staged.strict." + target;
        com.openai.errors.BadRequestException json = assertThrows(com.openai.errors.BadRequestException.class,
                () -> openAi.chat().completions().create(openAiRequest(alias, "hi").build()));
        assertTrue(json.getMessage().contains(TestStages.REFUSED_OUTPUT), json.getMessage());
        assertThrows(BadRequestException.class, () -> anthropic.messages().create(anthropicRequest(alias, "hi")));

        provide(target, true);
        try (var stream = openAi.chat().completions().createStreaming(openAiRequest(alias, "hi").build())) {
            SseException e = assertThrows(SseException.class, () -> stream.stream().forEach(chunk -> { }));
            assertTrue(e.getMessage().contains(TestStages.REFUSED_OUTPUT), e.getMessage());
        }
        try (var stream = anthropic.messages().createStreaming(anthropicRequest(alias, "hi"))) {
            Exception e = assertThrows(Exception.class, () -> stream.stream().forEach(event -> { }));
            assertTrue(e.getMessage().contains(TestStages.REFUSED_OUTPUT), e.getMessage());
        }
    }
}
