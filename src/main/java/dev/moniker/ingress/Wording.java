package dev.moniker.ingress;

import dev.moniker.routing.RoutingTable;
import dev.moniker.wire.GatewayError;
import dev.moniker.wire.RequestDocument;
import dev.moniker.wire.RequestDocument.Kind;

/**
 * How an ingress API words the refusals the gateway makes before any provider call: the same checks for both APIs,
 * each in the words its SDK users know from the real API.
 *
 * @param content         the request member that carries what the model reads ({@code messages}, {@code input})
 * @param stringContent   that member may also be a string ({@code input}, {@code prompt})
 * @param missingMessages the content member absent or null
 * @param invalidMessages the content member not a non-empty array (or string, where allowed)
 * @param invalidModel    {@code model} not a model name
 * @param invalidStream   {@code stream} not a boolean
 * @param noDefault       no {@code model} and no default model configured
 * @param ambiguous       a bare model name configured twice; {@code %1$s} the name, {@code %2$s} the candidates
 * @param notFound        nothing by that name; {@code %s} the name
 */
record Wording(String content, boolean stringContent, String missingMessages, String invalidMessages, String invalidModel, String invalidStream,
               String noDefault, String ambiguous, String notFound) {

    static final Wording OPENAI = new Wording("messages", false,
            "Missing required parameter: 'messages'",
            "Invalid 'messages': expected a non-empty array of messages",
            "Invalid 'model': expected a model name",
            "Invalid 'stream': expected a boolean",
            "Missing required parameter: 'model' (no default model is configured)",
            "The model '%1$s' is ambiguous: it is configured at %2$s; use provider/model",
            "The model '%s' does not exist or is not configured on this gateway");

    static final Wording ANTHROPIC = new Wording("messages", false,
            "messages: expected a non-empty array of messages",
            "messages: expected a non-empty array of messages",
            "model: expected a model name",
            "stream: expected a boolean",
            "model: field required (no default model is configured)",
            "model: '%1$s' is ambiguous: it is configured at %2$s; use provider/model",
            "model: %s");

    /**
     * OpenAI's words for an endpoint whose content member is {@code member}, a non-empty array or a string
     * ({@code /v1/responses}, {@code /v1/embeddings}, {@code /v1/completions}).
     */
    static Wording openAi(String member, String what) {
        return new Wording(member, true, "Missing required parameter: '" + member + "'",
                "Invalid '" + member + "': expected " + what, OPENAI.invalidModel, OPENAI.invalidStream,
                OPENAI.noDefault, OPENAI.ambiguous, OPENAI.notFound);
    }

    /** A body that is a JSON object but not a valid request; {@code null} when it is valid. */
    GatewayError check(RequestDocument.Shape shape) {
        if (shape.content() == Kind.ABSENT || shape.content() == Kind.NULL) {
            return GatewayError.invalidRequest(content, missingMessages);
        }
        if (shape.content() != Kind.ARRAY_NON_EMPTY && !(stringContent && shape.content() == Kind.STRING)) {
            return GatewayError.invalidRequest(content, invalidMessages);
        }
        if (shape.model() == Kind.OTHER || (shape.model() == Kind.STRING && shape.modelName().isBlank())) {
            return GatewayError.invalidRequest("model", invalidModel);
        }
        if (shape.stream() == Kind.OTHER) {
            return GatewayError.invalidRequest("stream", invalidStream);
        }
        return null;
    }

    /** An alias of the configuration that is not served: why, and what to do. */
    GatewayError leftOut(String alias, String why) {
        return new GatewayError(404, "invalid_request_error", "model_not_available", "model",
                "The alias '" + alias + "' is configured but not available: " + why
                        + " (set it and restart the gateway)");
    }

    /** A model that resolved to nothing. */
    GatewayError miss(RoutingTable.Resolution resolution, String requested) {
        return switch (resolution.miss()) {
            case NO_DEFAULT -> GatewayError.invalidRequest("model", noDefault);
            case AMBIGUOUS -> GatewayError.invalidRequest("model",
                    ambiguous.formatted(requested, String.join(" and ", resolution.candidates())));
            case NOT_FOUND -> new GatewayError(404, "invalid_request_error", "model_not_found", "model",
                    notFound.formatted(requested));
        };
    }
}
