package dev.moniker.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.moniker.wire.GatewayError;

/**
 * Bedrock Converse answer -> Anthropic message, and Bedrock's errors -> the gateway's error terms. OpenAI callers
 * get their answer from this message through {@link AnthropicToOpenAiResponse}.
 */
final class ConverseToAnthropicAnswer {

    private ConverseToAnthropicAnswer() {
    }

    /** The message; {@code null} when the body is not a Converse answer. */
    static ObjectNode translate(JsonNode converse, String id, String model) {
        JsonNode message = converse == null ? null : converse.path("output").get("message");
        if (message == null || !message.path("content").isArray()) {
            return null;
        }
        ObjectNode out = Json.object();
        out.put("id", id);
        out.put("type", "message");
        out.put("role", "assistant");
        out.put("model", model);
        ArrayNode content = out.putArray("content");
        for (JsonNode block : message.path("content")) {
            if (block.has("text")) {
                content.addObject().put("type", "text").put("text", block.path("text").asText());
            } else if (block.has("toolUse")) {
                JsonNode use = block.get("toolUse");
                ObjectNode call = content.addObject().put("type", "tool_use");
                call.put("id", Json.text(use, "toolUseId"));
                call.put("name", Json.text(use, "name"));
                call.set("input", use.has("input") ? use.get("input").deepCopy() : Json.object());
            } else if (block.has("reasoningContent")) {
                JsonNode reasoning = block.path("reasoningContent").path("reasoningText");
                ObjectNode thinking = content.addObject().put("type", "thinking");
                thinking.put("thinking", reasoning.path("text").asText(""));
                thinking.put("signature", reasoning.path("signature").asText(""));
            }
            // other blocks (citations, guard content) carry no text for the caller
        }
        out.put("stop_reason", stopReason(Json.text(converse, "stopReason")));
        out.putNull("stop_sequence");
        out.set("usage", usage(converse.path("usage")));
        return out;
    }

    /** Converse {@code stopReason} -> Anthropic {@code stop_reason}. */
    static String stopReason(String converse) {
        if (converse == null) {
            return "end_turn";
        }
        return switch (converse) {
            case "tool_use", "max_tokens", "stop_sequence", "end_turn" -> converse;
            case "guardrail_intervened", "content_filtered" -> "refusal";
            default -> "end_turn";
        };
    }

    /** Converse usage (camel case, cache counts apart) -> Anthropic usage. */
    static ObjectNode usage(JsonNode usage) {
        ObjectNode out = Json.object();
        out.put("input_tokens", usage.path("inputTokens").asLong(0));
        out.put("output_tokens", usage.path("outputTokens").asLong(0));
        if (usage.has("cacheReadInputTokens")) {
            out.put("cache_read_input_tokens", usage.path("cacheReadInputTokens").asLong(0));
        }
        if (usage.has("cacheWriteInputTokens")) {
            out.put("cache_creation_input_tokens", usage.path("cacheWriteInputTokens").asLong(0));
        }
        return out;
    }

    /**
     * A Bedrock error answer ({@code {"message": ...}} with its type in {@code x-amzn-ErrorType} or
     * {@code __type}) -> the gateway's error, keeping the status; a throttle is a 429, an unavailable or overloaded
     * model a 503 (so both fall back as those statuses do everywhere).
     */
    static GatewayError error(int status, String errorTypeHeader, JsonNode body) {
        String type = errorTypeHeader != null ? errorTypeHeader : Json.text(body, "__type");
        if (type != null) {
            type = type.substring(type.lastIndexOf('#') + 1);
            int colon = type.indexOf(':');
            type = colon >= 0 ? type.substring(0, colon) : type;
        }
        String message = Json.text(body, "message");
        if (message == null) {
            message = Json.text(body, "Message");
        }
        if (message == null) {
            message = "The provider answered with HTTP " + status;
        }
        String code = type == null ? "bedrock_error" : type;
        return switch (code) {
            case "ThrottlingException" -> new GatewayError(429, "rate_limit_error", code, null, message);
            case "ServiceUnavailableException", "ModelNotReadyException" ->
                    new GatewayError(503, "api_error", code, null, message);
            case "ValidationException", "ResourceNotFoundException" ->
                    new GatewayError(status < 500 ? status : 400, "invalid_request_error", code, null, message);
            case "AccessDeniedException", "UnrecognizedClientException" ->
                    new GatewayError(status == 401 ? 401 : 403, status == 401 ? "authentication_error"
                            : "permission_error", code, null, message);
            default -> new GatewayError(status < 400 ? 502 : status, status == 429 ? "rate_limit_error"
                    : status < 500 ? "invalid_request_error" : "api_error", code, null, message);
        };
    }
}
