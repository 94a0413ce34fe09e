package dev.moniker.wire;

/**
 * The one error type of the gateway: whatever refused or failed, it is this, and the caller's ingress format writes it
 * in its own envelope ({@code wire.openai.OpenAiErrors}, {@code wire.anthropic.AnthropicErrors}), as a JSON body or
 * as the event that ends a stream.
 *
 * @param status  HTTP status
 * @param type    OpenAI error type ({@code invalid_request_error}, {@code api_error}, ...); Anthropic's type follows
 *                from the status
 * @param code    machine-readable code, or {@code null}
 * @param param   the request parameter at fault, or {@code null}
 * @param message human-readable message; never carries keys or internal URLs
 */
public record GatewayError(int status, String type, String code, String param, String message) {

    public static GatewayError invalidRequest(String param, String message) {
        return new GatewayError(400, "invalid_request_error", null, param, message);
    }

    public static GatewayError modelNotFound(String model) {
        return new GatewayError(404, "invalid_request_error", "model_not_found", "model",
                "The model '" + model + "' does not exist or is not configured on this gateway");
    }

    /** A stream that broke after its first bytes reached the caller. */
    public static GatewayError streamInterrupted(String message) {
        return new GatewayError(502, "api_error", "stream_interrupted", null, message);
    }
}
