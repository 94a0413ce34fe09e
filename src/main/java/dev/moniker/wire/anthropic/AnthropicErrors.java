package dev.moniker.wire.anthropic;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.moniker.wire.GatewayError;
import io.vertx.core.buffer.Buffer;

/**
 * Anthropic's error envelope, {@code {"type":"error","error":{"type","message"}}}, as a JSON body and as the
 * {@code error} event that ends a stream, and its error types by HTTP status (https://docs.anthropic.com/en/api/errors).
 * Every Anthropic-format error the gateway writes is built here.
 */
public final class AnthropicErrors {

    private AnthropicErrors() {
    }

    public static ObjectNode envelope(String type, String message) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("type", "error");
        root.putObject("error").put("type", type).put("message", message);
        return root;
    }

    /** A gateway error in Anthropic's envelope; its type follows from the status (one type per status). */
    public static ObjectNode envelope(GatewayError error) {
        return envelope(typeForStatus(error.status()), error.message());
    }

    public static Buffer body(GatewayError error) {
        return Buffer.buffer(envelope(error).toString());
    }

    /** The {@code error} event that ends a stream which broke, or was stopped, after it started. */
    public static String event(String type, String message) {
        return "event: error\ndata: " + envelope(type, message) + "\n\n";
    }

    public static Buffer event(GatewayError error) {
        return Buffer.buffer(event(typeForStatus(error.status()), error.message()));
    }

    /** The Anthropic error type for an HTTP status (used when an OpenAI-format provider fails). */
    public static String typeForStatus(int status) {
        return switch (status) {
            case 400, 405, 415, 422 -> "invalid_request_error";
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
