package dev.moniker.ingress;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.moniker.provider.CallerHeaders;
import dev.moniker.wire.GatewayError;
import dev.moniker.wire.Operation;
import dev.moniker.wire.RequestDocument;
import dev.moniker.wire.WireFormat;
import dev.moniker.wire.anthropic.AnthropicErrors;
import dev.moniker.wire.anthropic.AnthropicReplies;
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
class AnthropicIngress extends DeclaredEndpoint {

    AnthropicIngress() {
        this(new Endpoint("anthropic", Operation.CHAT, Wording.ANTHROPIC, true, true));
    }

    /** The format of another endpoint of the same API (the envelope and credentials are this API's). */
    AnthropicIngress(Endpoint endpoint) {
        super(endpoint);
    }

    @Override
    public WireFormat wire() {
        return WireFormat.ANTHROPIC;
    }

    @Override
    public GatewayError malformed(RequestDocument.Malformed malformed) {
        return GatewayError.invalidRequest(null, malformed.getMessage());
    }

    @Override
    public String presentedKey(HttpServerRequest request) {
        String key = request.getHeader("x-api-key");
        return key != null ? key : ClientCredentials.bearer(request.getHeader("Authorization"));
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
    public String reply(String model, String text, boolean stream) {
        String id = "msg_moniker_" + java.util.UUID.randomUUID().toString().replace("-", "");
        return stream ? AnthropicReplies.stream(id, model, text) : AnthropicReplies.message(id, model, text);
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
    public java.util.function.Function<SseParser.Event, StreamEventView> eventViews() {
        return AnthropicViews.stream();
    }
}
