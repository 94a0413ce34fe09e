package dev.moniker.wire.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
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

/**
 * The format-neutral views over OpenAI's embeddings and legacy completions: the texts are {@code input} and
 * {@code prompt} (a string or an array of strings; arrays of token ids carry no text a stage could read).
 */
public final class OpenAiEndpointViews {

    private static final String[] COMPLETION_TEXT = {"choices", "0", "text"};

    private OpenAiEndpointViews() {
    }

    /** An embeddings request: its input texts; no output limit (an embedding writes no tokens). */
    public static RequestView embeddingsRequest(ObjectNode body) {
        return new TreeRequestView(body, strings(body, "input"), List.of());
    }

    /** An embeddings answer: no text, input tokens only. */
    public static AnswerView embeddingsAnswer(ObjectNode answer) {
        JsonNode usage = answer.path("usage");
        Optional<Usage> counted = usage.isObject()
                ? Optional.of(new Usage(usage.path("prompt_tokens").asLong(-1), 0)) : Optional.empty();
        return AnswerView.of(List.of(), List.of(), Optional.empty(), counted);
    }

    public static RequestView completionsRequest(ObjectNode body) {
        return new TreeRequestView(body, strings(body, "prompt"), List.of("max_tokens"));
    }

    public static AnswerView completionsAnswer(ObjectNode completion) {
        List<TextPart> texts = new ArrayList<>();
        for (JsonNode choice : completion.path("choices")) {
            if (choice instanceof ObjectNode object && object.path("text").isTextual()) {
                texts.add(new TextPart(object, "text", "assistant"));
            }
        }
        String finish = completion.path("choices").path(0).path("finish_reason").textValue();
        return AnswerView.of(texts, List.of(), Optional.ofNullable(finish), OpenAiViews.usageOf(completion.get("usage")));
    }

    public static StreamEventView completionsEvent(SseParser.Event event) {
        return new JsonEventView(event) {
            @Override
            protected String[] textPath() {
                return COMPLETION_TEXT;
            }

            @Override
            public Optional<String> toolCallDelta() {
                return Optional.empty();
            }

            @Override
            public Optional<String> finishReason() {
                return text(data().path("choices").path(0).path("finish_reason"));
            }

            @Override
            public Optional<Usage> usage() {
                return OpenAiViews.usageOf(data().get("usage"));
            }
        };
    }

    /** The strings of {@code body.member}: the member itself, or each string element of its array. */
    private static List<TextPart> strings(ObjectNode body, String member) {
        JsonNode value = body.get(member);
        List<TextPart> texts = new ArrayList<>();
        if (value != null && value.isTextual()) {
            texts.add(new TextPart(body, member, "user"));
        } else if (value instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                if (array.get(i).isTextual()) {
                    texts.add(new Element(array, i));
                }
            }
        }
        return texts;
    }

    /** One string of an array ({@code "input": ["a", "b"]}), read and replaced in place. */
    private static final class Element extends TextPart {
        private final ArrayNode array;
        private final int index;

        Element(ArrayNode array, int index) {
            super("user");
            this.array = array;
            this.index = index;
        }

        @Override
        public String text() {
            return array.get(index).asText("");
        }

        @Override
        public void replace(String text) {
            array.set(index, text);
            markReplaced();
        }
    }
}
