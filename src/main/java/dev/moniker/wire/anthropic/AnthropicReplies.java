package dev.moniker.wire.anthropic;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.moniker.wire.sse.SseParser;

/** An answer the gateway gives itself (a guard's message), as a Messages answer or as its event stream. */
public final class AnthropicReplies {

    private AnthropicReplies() {
    }

    public static String message(String id, String model, String text) {
        ObjectNode message = shell(id, model);
        message.putArray("content").addObject().put("type", "text").put("text", text);
        message.put("stop_reason", "end_turn");
        message.putNull("stop_sequence");
        message.putObject("usage").put("input_tokens", 0).put("output_tokens", 0);
        return message.toString();
    }

    public static String stream(String id, String model, String text) {
        ObjectNode shell = shell(id, model);
        shell.putArray("content");
        shell.putNull("stop_reason");
        shell.putNull("stop_sequence");
        shell.putObject("usage").put("input_tokens", 0).put("output_tokens", 0);
        JsonNodeFactory json = JsonNodeFactory.instance;
        ObjectNode start = json.objectNode().put("type", "message_start");
        start.set("message", shell);
        ObjectNode blockStart = json.objectNode().put("type", "content_block_start").put("index", 0);
        blockStart.putObject("content_block").put("type", "text").put("text", "");
        ObjectNode delta = json.objectNode().put("type", "content_block_delta").put("index", 0);
        delta.putObject("delta").put("type", "text_delta").put("text", text);
        ObjectNode messageDelta = json.objectNode().put("type", "message_delta");
        messageDelta.putObject("delta").put("stop_reason", "end_turn").putNull("stop_sequence");
        messageDelta.putObject("usage").put("output_tokens", 0);
        return event("message_start", start) + event("content_block_start", blockStart)
                + event("content_block_delta", delta)
                + event("content_block_stop", json.objectNode().put("type", "content_block_stop").put("index", 0))
                + event("message_delta", messageDelta)
                + event("message_stop", json.objectNode().put("type", "message_stop"));
    }

    private static ObjectNode shell(String id, String model) {
        ObjectNode message = JsonNodeFactory.instance.objectNode();
        message.put("id", id);
        message.put("type", "message");
        message.put("role", "assistant");
        message.put("model", model);
        return message;
    }

    private static String event(String name, ObjectNode data) {
        return new SseParser.Event(name, data.toString()).toText();
    }
}
