package dev.moniker.api;

import com.anthropic.client.AnthropicClient;
import com.anthropic.errors.AnthropicServiceException;
import com.anthropic.models.messages.MessageCreateParams;
import com.openai.client.OpenAIClient;
import com.openai.errors.OpenAIServiceException;
import com.openai.errors.SseException;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.moniker.support.FakeProviders;
import dev.moniker.support.Sdks;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URL;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A provider that sends its head and a first piece, then goes silent, is given up on after the stall timeout (2 s
 * in the test configuration) in all four (caller, provider) format pairs: a JSON caller gets a 504, a streaming
 * caller every byte that came and then an error event it can parse; and the stalled connection is closed.
 */
@QuarkusTest
@QuarkusTestResource(FakeProviders.class)
class StallTest {

    @TestHTTPResource("/")
    URL gateway;

    private OpenAIClient openAi;
    private AnthropicClient anthropic;

    @BeforeEach
    void clients() {
        openAi = Sdks.openAi(gateway);
        anthropic = Sdks.anthropic(gateway);
    }

    private static ChatCompletionCreateParams openAiRequest(String target) {
        return ChatCompletionCreateParams.builder().model("stall." + target).addUserMessage("hi").build();
    }

    private static MessageCreateParams anthropicRequest(String target) {
        return MessageCreateParams.builder().model("stall." + target).maxTokens(20).addUserMessage("hi").build();
    }

    @ParameterizedTest
    @ValueSource(strings = {"gpt", "claude"})
    void anOpenAiCallerGetsA504OrAnErrorEventAfterTheBytesThatCame(String target) throws Exception {
        OpenAIServiceException json = assertThrows(OpenAIServiceException.class,
                () -> openAi.chat().completions().create(openAiRequest(target)));
        assertEquals(504, json.statusCode());
        assertTrue(json.getMessage().contains("stopped sending its answer"), json.getMessage());
        assertTrue(FakeProviders.stalling.awaitClose(10), "the stalled connection was closed");

        List<String> received = new ArrayList<>();
        try (var stream = openAi.chat().completions().createStreaming(openAiRequest(target))) {
            SseException broken = assertThrows(SseException.class, () -> stream.stream()
                    .forEach(chunk -> chunk.choices().forEach(c -> c.delta().content().ifPresent(received::add))));
            assertTrue(broken.getMessage().contains("stopped sending its stream"), broken.getMessage());
        }
        assertEquals(List.of("Hel"), received.stream().filter(text -> !text.isEmpty()).toList());
        assertTrue(FakeProviders.stalling.awaitClose(10), "the stalled stream's connection was closed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"gpt", "claude"})
    void anAnthropicCallerGetsA504OrAnErrorEventAfterTheBytesThatCame(String target) throws Exception {
        AnthropicServiceException json = assertThrows(AnthropicServiceException.class,
                () -> anthropic.messages().create(anthropicRequest(target)));
        assertEquals(504, json.statusCode());
        assertTrue(FakeProviders.stalling.awaitClose(10), "the stalled connection was closed");

        List<String> received = new ArrayList<>();
        try (var stream = anthropic.messages().createStreaming(anthropicRequest(target))) {
            Exception broken = assertThrows(Exception.class, () -> stream.stream().forEach(event ->
                    event.contentBlockDelta().flatMap(delta -> delta.delta().text()).ifPresent(t -> received.add(t.text()))));
            assertTrue(broken.getMessage().contains("stopped sending its stream"), broken.getMessage());
        }
        assertEquals(List.of("Hel"), received);
        assertTrue(FakeProviders.stalling.awaitClose(10), "the stalled stream's connection was closed");
    }
}
