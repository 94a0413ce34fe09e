package dev.moniker.ingress;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.moniker.provider.CallerHeaders;
import dev.moniker.routing.RoutingTable;
import dev.moniker.wire.GatewayError;
import dev.moniker.wire.RequestDocument;
import dev.moniker.wire.RequestDocument.Kind;
import dev.moniker.wire.WireFormat;
import dev.moniker.wire.anthropic.AnthropicErrors;
import dev.moniker.wire.anthropic.AnthropicViews;
import dev.moniker.wire.sse.SseParser;
import dev.moniker.wire.view.AnswerView;
import dev.moniker.wire.view.RequestView;
import dev.moniker.wire.view.StreamEventView;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;

/**
 * Anthropic Messages ({@code POST /v1/messages}, for Anthropic SDK clients): Anthropic's error wording and envelope,
 * whose error type follows from the status.
 */
final class AnthropicIngress implements IngressFormat {

    @Override
    public WireFormat wire() {
        return WireFormat.ANTHROPIC;
    }

    @Override
    public GatewayError malformed(RequestDocument.Malformed malformed) {
        return GatewayError.invalidRequest(null, malformed.getMessage());
    }

    @Override
    public GatewayError check(RequestDocument.Shape shape) {
        if (shape.messages() != Kind.ARRAY_NON_EMPTY) {
            return GatewayError.invalidRequest("messages", "messages: expected a non-empty array of messages");
        }
        if (shape.model() == Kind.OTHER || (shape.model() == Kind.STRING && shape.modelName().isBlank())) {
            return GatewayError.invalidRequest("model", "model: expected a model name");
        }
        if (shape.stream() == Kind.OTHER) {
            return GatewayError.invalidRequest("stream", "stream: expected a boolean");
        }
        return null;
    }

    @Override
    public GatewayError miss(RoutingTable.Resolution resolution, String requested) {
        return switch (resolution.miss()) {
            case NO_DEFAULT -> GatewayError.invalidRequest("model", "model: field required (no default model "
                    + "is configured)");
            case AMBIGUOUS -> GatewayError.invalidRequest("model", "model: '" + requested + "' is ambiguous: it is "
                    + "configured at " + String.join(" and ", resolution.candidates()) + "; use provider/model");
            case NOT_FOUND -> new GatewayError(404, "invalid_request_error", "model_not_found", "model",
                    "model: " + requested);
        };
    }

    /** Anthropic SDKs send {@code x-api-key}; a {@code passthrough_auth} entry receives it as a bearer token. */
    @Override
    public CallerHeaders callerHeaders(HttpServerRequest request) {
        String authorization = request.getHeader("Authorization");
        if (authorization == null) {
            String key = request.getHeader("x-api-key");
            authorization = key != null ? "Bearer " + key : null;
        }
        return new CallerHeaders(authorization, request.getHeader("anthropic-beta"));
    }

    @Override
    public String user(RequestDocument request) {
        return request.tree().path("metadata").path("user_id").textValue();
    }

    @Override
    public Buffer errorBody(GatewayError error) {
        return AnthropicErrors.body(error);
    }

    @Override
    public Buffer errorEvent(GatewayError error) {
        return AnthropicErrors.event(error);
    }

    @Override
    public RequestView requestView(ObjectNode body) {
        return AnthropicViews.request(body);
    }

    @Override
    public AnswerView answerView(ObjectNode answer) {
        return AnthropicViews.answer(answer);
    }

    @Override
    public StreamEventView eventView(SseParser.Event event) {
        return AnthropicViews.event(event);
    }
}
