package dev.moniker.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.moniker.api.OpenAiError;
import io.vertx.core.buffer.Buffer;

import java.io.IOException;

/**
 * A parsed, checked OpenAI chat-completions request. Only what the gateway needs is interpreted ({@code model},
 * {@code stream}, the presence of {@code messages}); every other field travels to the provider untouched.
 *
 * @param body   the request as sent, {@code model} still the caller's
 * @param model  the requested model, or {@code null} when absent (the default model is used)
 * @param stream whether the caller asked for Server-Sent Events ({@code "stream": true})
 */
public record ChatRequest(ObjectNode body, String model, boolean stream) {

    /** Thrown for a request the gateway refuses before any upstream call. */
    public static final class Rejected extends RuntimeException {
        private final OpenAiError error;

        Rejected(OpenAiError error) {
            super(error.message(), null, false, false);
            this.error = error;
        }

        public OpenAiError error() {
            return error;
        }
    }

    public static ChatRequest parse(ObjectMapper mapper, byte[] raw) {
        if (raw == null || raw.length == 0) {
            throw new Rejected(OpenAiError.invalidRequest(null, "The request body is empty; expected a JSON object"));
        }
        JsonNode node;
        try {
            node = mapper.readTree(raw);
        } catch (JsonProcessingException e) {
            throw new Rejected(OpenAiError.invalidRequest(null,
                    "The request body is not valid JSON: " + e.getOriginalMessage()));
        } catch (IOException e) {
            throw new Rejected(OpenAiError.invalidRequest(null, "The request body could not be read"));
        }
        if (!(node instanceof ObjectNode body)) {
            throw new Rejected(OpenAiError.invalidRequest(null, "The request body must be a JSON object"));
        }
        JsonNode messages = body.get("messages");
        if (messages == null || messages.isNull()) {
            throw new Rejected(OpenAiError.invalidRequest("messages", "Missing required parameter: 'messages'"));
        }
        if (!messages.isArray() || messages.isEmpty()) {
            throw new Rejected(OpenAiError.invalidRequest("messages",
                    "Invalid 'messages': expected a non-empty array of messages"));
        }
        JsonNode model = body.get("model");
        String modelName = null;
        if (model != null && !model.isNull()) {
            if (!model.isTextual() || model.asText().isBlank()) {
                throw new Rejected(OpenAiError.invalidRequest("model", "Invalid 'model': expected a model name"));
            }
            modelName = model.asText();
        }
        JsonNode stream = body.get("stream");
        if (stream != null && !stream.isNull() && !stream.isBoolean()) {
            throw new Rejected(OpenAiError.invalidRequest("stream", "Invalid 'stream': expected a boolean"));
        }
        return new ChatRequest(body, modelName, stream != null && stream.asBoolean(false));
    }

    /**
     * The body to send upstream: the caller's request with {@code model} replaced by the provider's model id.
     * Only {@code model} is overwritten (in place, keeping its position), so a fallback attempt can call this again.
     */
    public Buffer forUpstream(String upstreamModel) {
        body.put("model", upstreamModel);
        return Buffer.buffer(body.toString());
    }
}
