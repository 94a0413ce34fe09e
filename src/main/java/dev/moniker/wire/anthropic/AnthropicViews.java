package dev.moniker.wire.anthropic;

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

/** The format-neutral views over Anthropic Messages requests, answers and stream events. */
public final class AnthropicViews {

    private static final String[] TEXT = {"delta", "text"};

    private AnthropicViews() {
    }

    /** A view over {@code body}, which it reads and changes in place. */
    public static RequestView request(ObjectNode body) {
        List<TextPart> texts = new ArrayList<>();
        TextPart.collect(texts, body, "system", "system");
        for (JsonNode message : body.path("messages")) {
            TextPart.collect(texts, message, "content", message.path("role").asText("user"));
        }
        return new TreeRequestView(body, texts, List.of("max_tokens"));
    }

    /** A view over a message, which it reads and changes in place. */
    public static AnswerView answer(ObjectNode message) {
        List<TextPart> texts = new ArrayList<>();
        TextPart.collect(texts, message, "content", "assistant");
        List<String> tools = new ArrayList<>();
        for (JsonNode block : message.path("content")) {
            if ("tool_use".equals(block.path("type").asText())) {
                tools.add(block.path("name").asText());
            }
        }
        String stop = message.path("stop_reason").textValue();
        return AnswerView.of(texts, tools, Optional.ofNullable(stop), usageOf(message.get("usage")));
    }

    public static StreamEventView event(SseParser.Event event) {
        return event(event, JsonEventView.prefixes());
    }

    /** The views of one stream's events: they share what speeds up finding their deltas. */
    public static java.util.function.Function<SseParser.Event, StreamEventView> stream() {
        return JsonEventView.perStream(AnthropicViews::event);
    }

    private static StreamEventView event(SseParser.Event event, String[] prefixes) {
        return new JsonEventView(event, prefixes) {
            @Override
            protected String[] textPath() {
                return "content_block_delta".equals(event.name()) && event.data().contains("\"text_delta\"")
                        ? TEXT : null;
            }

            @Override
            public Optional<String> toolCallDelta() {
                JsonNode delta = data().path("delta");
                return "input_json_delta".equals(delta.path("type").asText()) ? text(delta.path("partial_json"))
                        : Optional.empty();
            }

            @Override
            public Optional<String> finishReason() {
                return "message_delta".equals(event.name()) ? text(data().path("delta").path("stop_reason"))
                        : Optional.empty();
            }

            @Override
            public Optional<Usage> usage() {
                return switch (String.valueOf(event.name())) {
                    case "message_start" -> usageOf(data().path("message").get("usage"));
                    case "message_delta" -> usageOf(data().get("usage"));
                    default -> Optional.empty();
                };
            }
        };
    }

    /** Input counts cache reads and writes too: they are prompt tokens the provider billed. */
    static Optional<Usage> usageOf(JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return Optional.empty();
        }
        long input = usage.has("input_tokens") ? usage.path("input_tokens").asLong()
                + usage.path("cache_creation_input_tokens").asLong(0) + usage.path("cache_read_input_tokens").asLong(0)
                : -1;
        return Optional.of(new Usage(input, usage.path("output_tokens").asLong(-1)));
    }
}
