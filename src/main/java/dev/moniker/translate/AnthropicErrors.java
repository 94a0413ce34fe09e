package dev.moniker.translate;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Anthropic's error envelope, {@code {"type":"error","error":{"type","message"}}}, and its error types by HTTP
 * status (https://docs.anthropic.com/en/api/errors).
 */
public final class AnthropicErrors {

    private AnthropicErrors() {
    }

    public static ObjectNode envelope(String type, String message) {
        ObjectNode root = Json.object();
        root.put("type", "error");
        root.putObject("error").put("type", type).put("message", message);
        return root;
    }

    /** The Anthropic error type for an HTTP status (used when an OpenAI-format provider fails). */
    public static String typeForStatus(int status) {
        return switch (status) {
            case 400, 422 -> "invalid_request_error";
            case 401 -> "authentication_error";
            case 402, 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 413 -> "request_too_large";
            case 429 -> "rate_limit_error";
            case 503, 529 -> "overloaded_error";
            case 504 -> "timeout_error";
            default -> "api_error";
        };
    }
}
