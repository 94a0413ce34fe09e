package dev.moniker.wire.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.moniker.wire.sse.SseParser;
import dev.moniker.wire.view.AnswerView;
import dev.moniker.wire.view.EventSequence;
import dev.moniker.wire.view.RepeatedText;
import dev.moniker.wire.view.JsonEventView;
import dev.moniker.wire.view.RequestView;
import dev.moniker.wire.view.StreamEventView;
import dev.moniker.wire.view.TextPart;
import dev.moniker.wire.view.TreeRequestView;
import dev.moniker.wire.view.Usage;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The format-neutral views over Responses API requests, responses and stream events. Texts are the
 * {@code instructions}, the {@code input} string, and every message item's content (a string, or its
 * {@code input_text}/{@code output_text} parts); function call outputs are tool texts.
 */
public final class ResponsesViews {

    private static final String[] DELTA = {"delta"};

    private ResponsesViews() {
    }

    public static RequestView request(ObjectNode body) {
        List<TextPart> texts = new ArrayList<>();
        if (body.path("instructions").isTextual()) {
            texts.add(new TextPart(body, "instructions", "system"));
        }
        JsonNode input = body.get("input");
        if (input != null && input.isTextual()) {
            texts.add(new TextPart(body, "input", "user"));
        }
        for (JsonNode item : input == null ? List.<JsonNode>of() : input) {
            if (item instanceof ObjectNode object && "function_call_output".equals(object.path("type").asText())
                    && object.path("output").isTextual()) {
                texts.add(new TextPart(object, "output", "tool"));
            } else if (item instanceof ObjectNode object) {
                parts(texts, object, object.path("role").asText("user"));
            }
        }
        return new TreeRequestView(body, texts, List.of("max_output_tokens"));
    }

    public static AnswerView answer(ObjectNode response) {
        List<TextPart> texts = new ArrayList<>();
        List<String> tools = new ArrayList<>();
        for (JsonNode item : response.path("output")) {
            if ("function_call".equals(item.path("type").asText())) {
                tools.add(item.path("name").asText());
            } else if (item instanceof ObjectNode object && "message".equals(object.path("type").asText())) {
                parts(texts, object, "assistant");
            }
        }
        return AnswerView.of(response, texts, tools, Optional.of(response.path("status").asText("completed")),
                usageOf(response.get("usage")));
    }

    /** The views of one stream's events: they share its {@link EventSequence}. */
    public static Function<SseParser.Event, StreamEventView> stream() {
        EventSequence sequence = new EventSequence();
        return JsonEventView.perStream((event, prefixes) -> event(event, sequence, prefixes));
    }

    private static StreamEventView event(SseParser.Event event, EventSequence sequence, String[] prefixes) {
        String name = event.name() == null ? "" : event.name();
        return new JsonEventView(event, prefixes, sequence) {
            @Override
            protected String[] textPath() {
                return name.equals("response.output_text.delta") ? DELTA : null;
            }

            @Override
            public String textKey() {
                // Scanned, not parsed (read for every delta); 0 when missing, as part() reads the repetitions.
                return name.equals("response.output_text.delta")
                        ? literal("output_index", "0") + "/" + literal("content_index", "0") : null;
            }

            @Override
            protected List<RepeatedText> findRepeatedTexts() {
                JsonNode data = data();
                List<RepeatedText> texts = new ArrayList<>();
                switch (name) {
                    case "response.output_text.done" -> repeated(texts, data, "text",
                            part(data.path("output_index"), data.path("content_index")));
                    case "response.content_part.done" -> repeated(texts, data.get("part"), "text",
                            part(data.path("output_index"), data.path("content_index")));
                    case "response.output_item.done" -> item(texts, data.get("item"), data.path("output_index").asInt());
                    case "response.completed", "response.incomplete", "response.failed" -> {
                        int index = 0;
                        for (JsonNode item : data.path("response").path("output")) {
                            item(texts, item, index++);
                        }
                    }
                    default -> {
                    }
                }
                return texts;
            }

            @Override
            public Optional<String> toolCallDelta() {
                return name.equals("response.function_call_arguments.delta") ? text(data().get("delta"))
                        : Optional.empty();
            }

            @Override
            public Optional<String> finishReason() {
                return name.equals("response.completed") || name.equals("response.incomplete")
                        ? text(data().path("response").get("status")) : Optional.empty();
            }

            @Override
            public Optional<Usage> usage() {
                return finishReason().isPresent() ? usageOf(data().path("response").get("usage")) : Optional.empty();
            }
        };
    }

    /** The key of a text part: its item's place in the output and its place in the item's content. */
    private static String part(JsonNode outputIndex, JsonNode contentIndex) {
        return outputIndex.asInt() + "/" + contentIndex.asInt();
    }

    /** The output texts of a message item, as repetitions of the parts streamed before. */
    private static void item(List<RepeatedText> texts, JsonNode item, int outputIndex) {
        if (item == null || !"message".equals(item.path("type").asText())) {
            return;
        }
        int index = 0;
        for (JsonNode part : item.path("content")) {
            if ("output_text".equals(part.path("type").asText())) {
                repeated(texts, part, "text", outputIndex + "/" + index);
            }
            index++;
        }
    }

    private static void repeated(List<RepeatedText> texts, JsonNode holder, String field, String key) {
        if (holder instanceof ObjectNode object && object.path(field).isTextual()) {
            texts.add(new RepeatedText(key, new TextPart(object, field, "assistant")));
        }
    }

    /** A message item's content: a string, or its text parts. */
    private static void parts(List<TextPart> texts, ObjectNode item, String role) {
        JsonNode content = item.get("content");
        if (content != null && content.isTextual()) {
            texts.add(new TextPart(item, "content", role));
            return;
        }
        for (JsonNode part : content == null ? List.<JsonNode>of() : content) {
            String type = part.path("type").asText();
            if (part instanceof ObjectNode object && part.path("text").isTextual()
                    && (type.equals("input_text") || type.equals("output_text"))) {
                texts.add(new TextPart(object, "text", role));
            }
        }
    }

    private static Optional<Usage> usageOf(JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return Optional.empty();
        }
        return Optional.of(new Usage(usage.path("input_tokens").asLong(-1), usage.path("output_tokens").asLong(-1)));
    }
}
