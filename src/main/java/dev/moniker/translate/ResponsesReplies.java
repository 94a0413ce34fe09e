package dev.moniker.translate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.moniker.wire.openai.OpenAiReplies;
import dev.moniker.wire.sse.StreamTransform;
import io.vertx.core.buffer.Buffer;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Responses API ids, and answers the gateway gives itself (a guard's message) as a {@code response} or its typed
 * stream: the chat reply, translated like a provider's.
 */
public final class ResponsesReplies {

    private ResponsesReplies() {
    }

    /** A new response id: {@code resp_} and 32 hex digits. */
    public static String newId() {
        return "resp_" + UUID.randomUUID().toString().replace("-", "");
    }

    public static String reply(String model, String text, boolean stream, long createdAt) {
        String id = newId();
        if (!stream) {
            String chat = OpenAiReplies.completion("chatcmpl-" + id.substring(5), model, createdAt, text);
            ObjectNode response = ChatToResponsesAnswer.translate(Json.object().put("model", model),
                    Json.parse(chat).orElseThrow(), id, createdAt);
            return Json.write(response);
        }
        String chat = OpenAiReplies.stream("chatcmpl-" + id.substring(5), model, createdAt, text);
        StreamTransform events = new TranslatingStream(new ChatToResponsesStream(Json.object().put("model", model), id,
                createdAt));
        return events.onChunk(Buffer.buffer(chat.getBytes(StandardCharsets.UTF_8))).toString(StandardCharsets.UTF_8);
    }
}
