package dev.moniker.translate;

import dev.moniker.wire.anthropic.AnthropicErrors;
import dev.moniker.wire.sse.SseParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.HashMap;
import java.util.Map;

/**
 * OpenAI chat-completion chunks -> Anthropic Messages stream, one instance per stream. Emits Anthropic's named
 * events in Anthropic's order: {@code message_start}, then per content block {@code content_block_start},
 * {@code content_block_delta}..., {@code content_block_stop}, then {@code message_delta} (stop reason, usage) and
 * {@code message_stop} once the provider sent {@code [DONE]}. A stream that ends without {@code [DONE]}, or
 * carries an error, ends with an {@code error} event.
 *
 * <p>Text deltas open a text block; each tool call (by its OpenAI {@code index}) opens a {@code tool_use} block
 * whose argument fragments follow as {@code input_json_delta}. Opening a block closes the one before.
 */
public final class OpenAiToAnthropicStream extends StreamTranslator {

    private final Map<Integer, Integer> blockByToolIndex = new HashMap<>();
    private boolean started;
    private int nextBlock;
    private int openBlock = -1;
    private boolean openIsText;
    private String stopReason;
    private JsonNode usage;

    /** Translates one OpenAI event; returns the SSE text to write (possibly empty). */
    @Override
    public String onEvent(SseParser.Event event) {
        if (done || failed) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        if ("[DONE]".equals(event.data().strip())) {
            return finish(out);
        }
        JsonNode chunk = Json.parse(event.data()).orElse(null);
        if (chunk == null || !chunk.isObject()) {
            return fail("The provider sent an event that is not JSON");
        }
        if (chunk.has("error")) {
            failed = true;
            JsonNode error = chunk.get("error");
            String message = Json.text(error, "message");
            return errorFrame("api_error", message != null ? message : "The provider stream failed");
        }
        start(out, Json.text(chunk, "id"), Json.text(chunk, "model"));
        if (chunk.hasNonNull("usage")) {
            usage = chunk.get("usage");
        }
        JsonNode choice = chunk.path("choices").path(0);
        JsonNode delta = choice.path("delta");
        String text = Json.text(delta, "content");
        if (text != null && !text.isEmpty()) {
            if (openBlock < 0 || !openIsText) {
                closeBlock(out);
                openBlock(out, Json.object().put("type", "text").put("text", ""), true);
            }
            ObjectNode event2 = blockEvent("content_block_delta", openBlock);
            event2.putObject("delta").put("type", "text_delta").put("text", text);
            emit(out, "content_block_delta", event2);
        }
        for (JsonNode call : delta.path("tool_calls")) {
            toolCall(out, call);
        }
        String finish = Json.text(choice, "finish_reason");
        if (finish != null) {
            stopReason = OpenAiToAnthropicResponse.stopReason(finish);
        }
        return out.toString();
    }

    /** {@code data: [DONE]}: the closing {@code message_delta} (stop reason, usage) and {@code message_stop}. */
    private String finish(StringBuilder out) {
        start(out, null, null);
        closeBlock(out);
        ObjectNode delta = Json.object().put("type", "message_delta");
        delta.putObject("delta").put("stop_reason", stopReason != null ? stopReason : "end_turn")
                .putNull("stop_sequence");
        ObjectNode counts = OpenAiToAnthropicResponse.usage(usage != null ? usage : Json.object());
        delta.putObject("usage").put("output_tokens", counts.get("output_tokens").asLong())
                .put("input_tokens", counts.get("input_tokens").asLong())
                .put("cache_read_input_tokens", counts.get("cache_read_input_tokens").asLong());
        emit(out, "message_delta", delta);
        emit(out, "message_stop", Json.object().put("type", "message_stop"));
        done = true;
        return out.toString();
    }

    /** One tool-call delta: opens its {@code tool_use} block the first time, then relays argument fragments. */
    private void toolCall(StringBuilder out, JsonNode call) {
        int toolIndex = call.path("index").asInt(0);
        Integer block = blockByToolIndex.get(toolIndex);
        if (block == null) {
            closeBlock(out);
            ObjectNode toolUse = Json.object();
            toolUse.put("type", "tool_use");
            toolUse.put("id", Json.text(call, "id"));
            toolUse.put("name", Json.text(call.path("function"), "name"));
            toolUse.putObject("input");
            block = openBlock(out, toolUse, false);
            blockByToolIndex.put(toolIndex, block);
        }
        String arguments = Json.text(call.path("function"), "arguments");
        if (arguments != null && !arguments.isEmpty()) {
            ObjectNode fragment = blockEvent("content_block_delta", block);
            fragment.putObject("delta").put("type", "input_json_delta").put("partial_json", arguments);
            emit(out, "content_block_delta", fragment);
        }
    }

    @Override
    protected String errorEvent(String message) {
        return errorFrame("api_error", message);
    }



    private void start(StringBuilder out, String id, String model) {
        if (started) {
            return;
        }
        started = true;
        ObjectNode event = Json.object().put("type", "message_start");
        ObjectNode message = event.putObject("message");
        message.put("id", id);
        message.put("type", "message");
        message.put("role", "assistant");
        message.put("model", model);
        message.putArray("content");
        message.putNull("stop_reason");
        message.putNull("stop_sequence");
        message.putObject("usage").put("input_tokens", 0).put("output_tokens", 0);
        emit(out, "message_start", event);
    }

    private int openBlock(StringBuilder out, ObjectNode contentBlock, boolean text) {
        int index = nextBlock++;
        ObjectNode event = blockEvent("content_block_start", index);
        event.set("content_block", contentBlock);
        emit(out, "content_block_start", event);
        openBlock = index;
        openIsText = text;
        return index;
    }

    private void closeBlock(StringBuilder out) {
        if (openBlock >= 0) {
            emit(out, "content_block_stop", blockEvent("content_block_stop", openBlock));
            openBlock = -1;
        }
    }

    private static ObjectNode blockEvent(String type, int index) {
        return Json.object().put("type", type).put("index", index);
    }

    private static void emit(StringBuilder out, String name, JsonNode data) {
        out.append("event: ").append(name).append("\ndata: ").append(Json.write(data)).append("\n\n");
    }

    private static String errorFrame(String type, String message) {
        return AnthropicErrors.event(type, message);
    }
}
