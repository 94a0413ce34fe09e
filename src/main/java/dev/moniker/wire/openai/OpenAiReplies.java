package dev.moniker.wire.openai;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.moniker.wire.sse.SseParser;

/** An answer the gateway gives itself (a guard's message), as a chat completion or as its event stream. */
public final class OpenAiReplies {

    private OpenAiReplies() {
    }

    public static String completion(String id, String model, long created, String text) {
        ObjectNode root = base(id, model, created, "chat.completion");
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0);
        choice.putObject("message").put("role", "assistant").put("content", text);
        choice.put("finish_reason", "stop");
        root.putObject("usage").put("prompt_tokens", 0).put("completion_tokens", 0).put("total_tokens", 0);
        return root.toString();
    }

    public static String stream(String id, String model, long created, String text) {
        ObjectNode first = base(id, model, created, "chat.completion.chunk");
        ObjectNode choice = first.putArray("choices").addObject();
        choice.put("index", 0);
        choice.putObject("delta").put("role", "assistant").put("content", text);
        choice.putNull("finish_reason");
        ObjectNode last = base(id, model, created, "chat.completion.chunk");
        ObjectNode end = last.putArray("choices").addObject();
        end.put("index", 0);
        end.putObject("delta");
        end.put("finish_reason", "stop");
        return new SseParser.Event(null, first.toString()).toText() + new SseParser.Event(null, last.toString()).toText()
                + "data: [DONE]\n\n";
    }

    private static ObjectNode base(String id, String model, long created, String object) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("id", id);
        root.put("object", object);
        root.put("created", created);
        root.put("model", model);
        return root;
    }
}
