package dev.moniker.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.moniker.wire.GatewayError;
import dev.moniker.wire.anthropic.AnthropicErrors;
import dev.moniker.wire.sse.SseParser;

import java.util.Set;
import java.util.TreeSet;

/**
 * Bedrock {@code converse-stream} events -> Anthropic stream events. The two streams have the same shape, event for
 * event: {@code messageStart} -> {@code message_start}; {@code contentBlockStart}/{@code Delta}/{@code Stop} ->
 * {@code content_block_*} (a text block, which Converse opens with its first delta, is opened here);
 * {@code messageStop} and the {@code metadata} event that follows it with the usage -> {@code message_delta} and
 * {@code message_stop}. A Bedrock exception event ends the stream with Anthropic's {@code error} event.
 *
 * <p>Events arrive decoded from their binary framing ({@link ConverseEventStream}), named by their
 * {@code :event-type}; exceptions are named {@code !} and their {@code :exception-type}.
 */
final class ConverseToAnthropicStream extends StreamTranslator {

    /** The name {@link ConverseEventStream} gives an exception event, before its type. */
    static final String EXCEPTION = "!";

    private final String id;
    private final String model;
    /** Blocks opened and not yet stopped, in index order (closed in that order if the stream ends them all). */
    private final Set<Integer> open = new TreeSet<>();
    private boolean started;
    private String stopReason;

    ConverseToAnthropicStream(String id, String model) {
        this.id = id;
        this.model = model;
    }

    @Override
    public String onEvent(SseParser.Event event) {
        String name = String.valueOf(event.name());
        if (name.startsWith(EXCEPTION)) {
            return exception(name.substring(EXCEPTION.length()), Json.parse(event.data()).orElse(Json.object()));
        }
        JsonNode data = Json.parse(event.data()).orElse(Json.object());
        StringBuilder out = new StringBuilder();
        switch (name) {
            case "messageStart" -> start(out);
            case "contentBlockStart" -> {
                start(out);
                int index = data.path("contentBlockIndex").asInt();
                JsonNode use = data.path("start").path("toolUse");
                ObjectNode block = Json.object();
                if (use.isObject()) {
                    block.put("type", "tool_use").put("id", Json.text(use, "toolUseId"))
                            .put("name", Json.text(use, "name")).putObject("input");
                } else {
                    block.put("type", "text").put("text", "");
                }
                openBlock(out, index, block);
            }
            case "contentBlockDelta" -> delta(out, data);
            case "contentBlockStop" -> {
                int index = data.path("contentBlockIndex").asInt();
                if (open.remove(index)) {
                    emit(out, "content_block_stop", Json.object().put("type", "content_block_stop").put("index", index));
                }
            }
            case "messageStop" -> stopReason = ConverseToAnthropicAnswer.stopReason(Json.text(data, "stopReason"));
            case "metadata" -> finish(out, data.path("usage"));
            default -> { } // newer event types carry nothing this translation knows
        }
        return out.toString();
    }

    private void delta(StringBuilder out, JsonNode data) {
        start(out);
        int index = data.path("contentBlockIndex").asInt();
        JsonNode delta = data.path("delta");
        ObjectNode event = Json.object().put("type", "content_block_delta").put("index", index);
        if (delta.has("text")) {
            if (!open.contains(index)) {
                openBlock(out, index, Json.object().put("type", "text").put("text", ""));
            }
            event.putObject("delta").put("type", "text_delta").put("text", delta.path("text").asText());
        } else if (delta.has("toolUse")) {
            event.putObject("delta").put("type", "input_json_delta")
                    .put("partial_json", delta.path("toolUse").path("input").asText(""));
        } else if (delta.path("reasoningContent").has("text")) {
            if (!open.contains(index)) {
                openBlock(out, index, Json.object().put("type", "thinking").put("thinking", ""));
            }
            event.putObject("delta").put("type", "thinking_delta")
                    .put("thinking", delta.path("reasoningContent").path("text").asText());
        } else {
            return; // signatures, citations: nothing for the caller's text
        }
        emit(out, "content_block_delta", event);
    }

    /** The usage arrives after {@code messageStop}: only now can the message end. */
    private void finish(StringBuilder out, JsonNode usage) {
        start(out);
        for (Integer index : open) {
            emit(out, "content_block_stop", Json.object().put("type", "content_block_stop").put("index", index));
        }
        open.clear();
        ObjectNode delta = Json.object().put("type", "message_delta");
        delta.putObject("delta").put("stop_reason", stopReason == null ? "end_turn" : stopReason).putNull("stop_sequence");
        delta.set("usage", ConverseToAnthropicAnswer.usage(usage));
        emit(out, "message_delta", delta);
        emit(out, "message_stop", Json.object().put("type", "message_stop"));
        done = true;
    }

    private String exception(String type, JsonNode body) {
        GatewayError error = ConverseToAnthropicAnswer.error(500, type, body);
        failed = true;
        return AnthropicErrors.event(AnthropicErrors.typeForStatus(error.status()),
                "The provider's stream failed: " + error.code() + ": " + error.message());
    }

    private void start(StringBuilder out) {
        if (started) {
            return;
        }
        started = true;
        ObjectNode event = Json.object().put("type", "message_start");
        ObjectNode message = event.putObject("message");
        message.put("id", id).put("type", "message").put("role", "assistant").put("model", model);
        message.putArray("content");
        message.putNull("stop_reason");
        message.putNull("stop_sequence");
        message.putObject("usage").put("input_tokens", 0).put("output_tokens", 0);
        emit(out, "message_start", event);
    }

    private void openBlock(StringBuilder out, int index, ObjectNode block) {
        open.add(index);
        ObjectNode event = Json.object().put("type", "content_block_start").put("index", index);
        event.set("content_block", block);
        emit(out, "content_block_start", event);
    }

    private static void emit(StringBuilder out, String name, ObjectNode data) {
        out.append(new SseParser.Event(name, Json.write(data)).toText());
    }

    @Override
    protected String errorEvent(String message) {
        return AnthropicErrors.event("api_error", message);
    }
}
