package dev.moniker.translate;

import dev.moniker.wire.anthropic.AnthropicErrors;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.moniker.wire.GatewayError;

/**
 * Anthropic Messages answer -> OpenAI chat completion, and Anthropic errors -> OpenAI's error envelope. Pure
 * functions; the input tree is never modified.
 */
public final class AnthropicToOpenAiResponse {

    private AnthropicToOpenAiResponse() {
    }

    /**
     * @param message the Anthropic {@code message} object
     * @param created the {@code created} timestamp (seconds) to report; Anthropic answers carry none
     */
    public static ObjectNode translate(JsonNode message, long created) {
        ObjectNode out = Json.object();
        out.put("id", Json.text(message, "id"));
        out.put("object", "chat.completion");
        out.put("created", created);
        out.put("model", Json.text(message, "model"));
        ObjectNode choice = out.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode reply = choice.putObject("message");
        reply.put("role", "assistant");
        StringBuilder text = new StringBuilder();
        ArrayNode calls = Json.array();
        for (JsonNode block : message.path("content")) {
            switch (String.valueOf(Json.text(block, "type"))) {
                case "text" -> text.append(Json.text(block, "text"));
                case "tool_use" -> {
                    ObjectNode call = calls.addObject();
                    call.put("id", Json.text(block, "id"));
                    call.put("type", "function");
                    call.putObject("function")
                            .put("name", Json.text(block, "name"))
                            .put("arguments", Json.write(block.path("input").isMissingNode()
                                    ? Json.object() : block.get("input")));
                }
                default -> {
                    // thinking, redacted_thinking and server-tool blocks have no chat-completions counterpart
                }
            }
        }
        if (text.isEmpty() && !calls.isEmpty()) {
            reply.putNull("content");
        } else {
            reply.put("content", text.toString());
        }
        if (!calls.isEmpty()) {
            reply.set("tool_calls", calls);
        }
        reply.putNull("refusal");
        choice.putNull("logprobs");
        choice.put("finish_reason", finishReason(Json.text(message, "stop_reason")));
        JsonNode usage = message.get("usage");
        if (usage != null && usage.isObject()) {
            out.set("usage", usage(usage, 0, 0));
        }
        return out;
    }

    /** Anthropic {@code stop_reason} -> OpenAI {@code finish_reason}; {@code null} stays {@code null}. */
    public static String finishReason(String stopReason) {
        if (stopReason == null) {
            return null;
        }
        return switch (stopReason) {
            case "max_tokens", "model_context_window_exceeded" -> "length";
            case "tool_use" -> "tool_calls";
            case "refusal" -> "content_filter";
            default -> "stop"; // end_turn, stop_sequence, pause_turn
        };
    }

    /**
     * Anthropic usage -> OpenAI usage. Anthropic counts cache reads and writes apart from {@code input_tokens};
     * OpenAI's {@code prompt_tokens} includes them, with cache reads also in
     * {@code prompt_tokens_details.cached_tokens}. Fields absent from {@code usage} fall back to the given values
     * (a stream reports input counts in {@code message_start} and output counts in {@code message_delta}).
     */
    static ObjectNode usage(JsonNode usage, long knownPrompt, long knownCached) {
        long input = usage.path("input_tokens").asLong(0);
        long cacheWrite = usage.path("cache_creation_input_tokens").asLong(0);
        long cacheRead = usage.path("cache_read_input_tokens").asLong(0);
        boolean hasInput = usage.has("input_tokens");
        long prompt = hasInput ? input + cacheWrite + cacheRead : knownPrompt;
        long cached = hasInput ? cacheRead : knownCached;
        long completion = usage.path("output_tokens").asLong(0);
        ObjectNode out = Json.object();
        out.put("prompt_tokens", prompt);
        out.put("completion_tokens", completion);
        out.put("total_tokens", prompt + completion);
        out.putObject("prompt_tokens_details").put("cached_tokens", cached);
        return out;
    }

    /**
     * An Anthropic error answer -> OpenAI error. The status is kept, except Anthropic's non-standard 529
     * ({@code overloaded_error}), which becomes 503. The Anthropic error type travels in {@code code}.
     */
    public static GatewayError error(int status, JsonNode body) {
        JsonNode error = body == null ? null : body.get("error");
        String type = Json.text(error, "type");
        String message = Json.text(error, "message");
        if (type == null) {
            type = AnthropicErrors.typeForStatus(status);
        }
        if (message == null) {
            message = "The provider answered with HTTP " + status;
        }
        int mapped = status == 529 || "overloaded_error".equals(type) ? 503 : status;
        String openAiType = switch (type) {
            case "invalid_request_error", "not_found_error", "request_too_large" -> "invalid_request_error";
            case "authentication_error" -> "authentication_error";
            case "permission_error" -> "permission_error";
            case "rate_limit_error" -> "rate_limit_error";
            default -> "api_error"; // api_error, overloaded_error, timeout_error, unknown
        };
        return new GatewayError(mapped < 400 ? 502 : mapped, openAiType, type, null, message);
    }
}
