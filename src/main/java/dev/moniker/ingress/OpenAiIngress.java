package dev.moniker.ingress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.moniker.provider.CallerHeaders;
import dev.moniker.wire.GatewayError;
import dev.moniker.wire.Operation;
import dev.moniker.wire.RequestDocument;
import dev.moniker.wire.WireFormat;
import dev.moniker.wire.openai.OpenAiErrors;
import dev.moniker.wire.openai.OpenAiReplies;
import dev.moniker.wire.openai.OpenAiViews;
import dev.moniker.wire.sse.SseParser;
import dev.moniker.wire.view.AnswerView;
import dev.moniker.wire.view.RequestView;
import dev.moniker.wire.view.StreamEventView;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;

/**
 * OpenAI chat completions ({@code POST /v1/chat/completions}): OpenAI's error wording and envelope, which OpenAI's
 * other endpoints share (their formats extend this one).
 */
class OpenAiIngress extends DeclaredEndpoint {

    OpenAiIngress() {
        this(new Endpoint("openai", Operation.CHAT, Wording.OPENAI, true, true));
    }

    /** The format of another endpoint of the same API (the envelope and credentials are this API's). */
    OpenAiIngress(Endpoint endpoint) {
        super(endpoint);
    }

    @Override
    public WireFormat wire() {
        return WireFormat.OPENAI;
    }

    @Override
    public GatewayError malformed(RequestDocument.Malformed malformed) {
        String detail = malformed.detail();
        return GatewayError.invalidRequest(null, detail == null ? malformed.getMessage()
                : malformed.getMessage() + ": " + detail);
    }

    @Override
    public String presentedKey(HttpServerRequest request) {
        return ClientCredentials.bearer(request.getHeader("Authorization"));
    }

    @Override
    public CallerHeaders callerHeaders(HttpServerRequest request) {
        return new CallerHeaders(request.getHeader("Authorization"), request.getHeader("anthropic-beta"));
    }

    @Override
    public String user(RequestDocument request) {
        JsonNode user = request.tree().get("user");
        return user != null && user.isTextual() ? user.asText() : null;
    }

    @Override
    public Buffer errorBody(GatewayError error) {
        return OpenAiErrors.body(error);
    }

    @Override
    public Buffer errorEvent(GatewayError error) {
        return OpenAiErrors.event(error);
    }

    @Override
    public String reply(String model, String text, boolean stream) {
        String id = "chatcmpl-moniker-" + java.util.UUID.randomUUID().toString().replace("-", "");
        long created = java.time.Instant.now().getEpochSecond();
        return stream ? OpenAiReplies.stream(id, model, created, text) : OpenAiReplies.completion(id, model, created, text);
    }

    @Override
    public RequestView requestView(ObjectNode body) {
        return OpenAiViews.request(body);
    }

    @Override
    public AnswerView answerView(ObjectNode answer) {
        return OpenAiViews.answer(answer);
    }

    @Override
    public java.util.function.Function<SseParser.Event, StreamEventView> eventViews() {
        return OpenAiViews.stream();
    }
}
