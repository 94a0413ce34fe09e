package dev.moniker.wire;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;

/**
 * An error in OpenAI's envelope: {@code {"error": {"message", "type", "param", "code"}}}.
 *
 * @param status  HTTP status
 * @param type    OpenAI error type ({@code invalid_request_error}, {@code api_error}, ...)
 * @param code    machine-readable code, or {@code null}
 * @param param   the request parameter at fault, or {@code null}
 * @param message human-readable message; never carries keys or internal URLs
 */
public record GatewayError(int status, String type, String code, String param, String message) {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    public static GatewayError invalidRequest(String param, String message) {
        return new GatewayError(400, "invalid_request_error", null, param, message);
    }

    public static GatewayError modelNotFound(String model) {
        return new GatewayError(404, "invalid_request_error", "model_not_found", "model",
                "The model '" + model + "' does not exist or is not configured on this gateway");
    }

    public Buffer toBuffer() {
        ObjectNode root = MAPPER.createObjectNode();
        ObjectNode error = root.putObject("error");
        error.put("message", message);
        error.put("type", type);
        error.put("param", param);
        error.put("code", code);
        return Buffer.buffer(root.toString());
    }
}
