package dev.moniker.translate;

import dev.moniker.wire.anthropic.AnthropicErrors;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * OpenAI chat completion -> Anthropic Messages answer, and OpenAI errors -> Anthropic's error envelope, for
 * {@code /v1/messages} callers routed to an OpenAI-format provider. Pure functions; the input is never modified.
 */
public final class OpenAiToAnthropicResponse {

    private OpenAiToAnthropicResponse() {
    }

    public static ObjectNode translate(JsonNode completion) {
        ObjectNode out = Json.object();
        out.put("id", Json.text(completion, "id"));
        out.put("type", "message");
        out.put("role", "assistant");
        out.put("model", Json.text(completion, "model"));
        ArrayNode content = out.putArray("content");
        JsonNode choice = completion.path("choices").path(0);
        JsonNode message = choice.path("message");
        String text = Json.text(message, "content");
        if (text != null && !text.isEmpty()) {
            content.addObject().put("type", "text").put("text", text);
        }
        for (JsonNode call : message.path("tool_calls")) {
            content.add(toolUse(Json.text(call, "id"), Json.text(call.path("function"), "name"),
                    Json.text(call.path("function"), "arguments")));
        }
        out.put("stop_reason", stopReason(Json.text(choice, "finish_reason")));
        out.putNull("stop_sequence");
        out.set("usage", usage(completion.path("usage")));
        return out;
    }

    static ObjectNode toolUse(String id, String name, String arguments) {
        ObjectNode block = Json.object();
        block.put("type", "tool_use");
        block.put("id", id);
        block.put("name", name);
        block.set("input", arguments == null || arguments.isBlank() ? Json.object()
                : Json.parse(arguments).filter(JsonNode::isObject).orElseGet(Json::object));
        return block;
    }

    /** OpenAI {@code finish_reason} -> Anthropic {@code stop_reason}. */
    public static String stopReason(String finishReason) {
        if (finishReason == null) {
            return null;
        }
        return switch (finishReason) {
            case "length" -> "max_tokens";
            case "tool_calls", "function_call" -> "tool_use";
            case "content_filter" -> "refusal";
            default -> "end_turn"; // stop: OpenAI does not say whether a stop sequence matched
        };
    }

    /** OpenAI usage -> Anthropic usage: cached prompt tokens move out of {@code input_tokens} into cache reads. */
    static ObjectNode usage(JsonNode usage) {
        long prompt = usage.path("prompt_tokens").asLong(0);
        long cached = usage.path("prompt_tokens_details").path("cached_tokens").asLong(0);
        ObjectNode out = Json.object();
        out.put("input_tokens", prompt - cached);
        out.put("cache_creation_input_tokens", 0);
        out.put("cache_read_input_tokens", cached);
        out.put("output_tokens", usage.path("completion_tokens").asLong(0));
        return out;
    }

    /** An OpenAI-format error answer -> Anthropic error envelope; the type follows the status (see {@link AnthropicErrors}). */
    public static ObjectNode error(int status, JsonNode body) {
        String message = body == null ? null : Json.text(body.path("error"), "message");
        if (message == null && body != null) {
            message = Json.text(body, "message");
        }
        return AnthropicErrors.envelope(AnthropicErrors.typeForStatus(status),
                message != null ? message : "The provider answered with HTTP " + status);
    }
}
