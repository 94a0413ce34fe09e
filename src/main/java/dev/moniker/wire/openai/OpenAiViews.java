package dev.moniker.wire.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.moniker.wire.sse.SseParser;
import dev.moniker.wire.view.AnswerView;
import dev.moniker.wire.view.JsonEventView;
import dev.moniker.wire.view.RequestView;
import dev.moniker.wire.view.StreamEventView;
import dev.moniker.wire.view.TextPart;
import dev.moniker.wire.view.TreeRequestView;
import dev.moniker.wire.view.Usage;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The format-neutral views over OpenAI chat-completion requests, answers and stream chunks. */
public final class OpenAiViews {

    private static final String[] CONTENT = {"choices", "0", "delta", "content"};

    private OpenAiViews() {
    }

    /** A view over {@code body}, which it reads and changes in place. */
    public static RequestView request(ObjectNode body) {
        List<TextPart> texts = new ArrayList<>();
        for (JsonNode message : body.path("messages")) {
            TextPart.collect(texts, message, "content", message.path("role").asText("user"));
        }
        return new TreeRequestView(body, texts, List.of("max_completion_tokens", "max_tokens"));
    }

    /** A view over a chat completion, which it reads and changes in place. */
    public static AnswerView answer(ObjectNode completion) {
        List<TextPart> texts = new ArrayList<>();
        List<String> tools = new ArrayList<>();
        for (JsonNode choice : completion.path("choices")) {
            TextPart.collect(texts, choice.path("message"), "content", "assistant");
            for (JsonNode call : choice.path("message").path("tool_calls")) {
                tools.add(call.path("function").path("name").asText());
            }
        }
        String finish = completion.path("choices").path(0).path("finish_reason").textValue();
        return AnswerView.of(texts, tools, Optional.ofNullable(finish), usageOf(completion.get("usage")));
    }

    public static StreamEventView event(SseParser.Event event) {
        return event(event, JsonEventView.prefixes());
    }

    /** The views of one stream's events: they share what speeds up finding their deltas. */
    public static java.util.function.Function<SseParser.Event, StreamEventView> stream() {
        return JsonEventView.perStream(OpenAiViews::event);
    }

    private static StreamEventView event(SseParser.Event event, String[] prefixes) {
        return new JsonEventView(event, prefixes) {
            @Override
            protected String[] textPath() {
                return CONTENT;
            }

            @Override
            public Optional<String> toolCallDelta() {
                return text(data().path("choices").path(0).path("delta").path("tool_calls").path(0)
                        .path("function").path("arguments"));
            }

            @Override
            public Optional<String> finishReason() {
                return text(data().path("choices").path(0).path("finish_reason"));
            }

            @Override
            public Optional<Usage> usage() {
                return usageOf(data().get("usage"));
            }
        };
    }

    static Optional<Usage> usageOf(JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return Optional.empty();
        }
        return Optional.of(new Usage(usage.path("prompt_tokens").asLong(-1), usage.path("completion_tokens").asLong(-1)));
    }
}
