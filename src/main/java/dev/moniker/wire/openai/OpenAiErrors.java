package dev.moniker.wire.openai;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.moniker.wire.GatewayError;
import io.vertx.core.buffer.Buffer;

/**
 * OpenAI's error envelope, {@code {"error": {"message", "type", "param", "code"}}}, as a JSON body and as the
 * {@code data:} event that ends a stream. Every OpenAI-format error the gateway writes is built here.
 */
public final class OpenAiErrors {

    private OpenAiErrors() {
    }

    public static ObjectNode envelope(GatewayError error) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ObjectNode body = root.putObject("error");
        body.put("message", error.message());
        body.put("type", error.type());
        body.put("param", error.param());
        body.put("code", error.code());
        return root;
    }

    public static Buffer body(GatewayError error) {
        return Buffer.buffer(envelope(error).toString());
    }

    /** The event that ends a stream which broke, or was stopped, after it started (OpenAI streams have no error event type). */
    public static String eventText(GatewayError error) {
        return "data: " + envelope(error) + "\n\n";
    }

    public static Buffer event(GatewayError error) {
        return Buffer.buffer(eventText(error));
    }
}
