package dev.moniker.translate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.moniker.wire.GatewayError;
import dev.moniker.wire.RequestDocument;
import dev.moniker.wire.UpstreamReply;
import dev.moniker.wire.openai.OpenAiErrors;
import dev.moniker.wire.sse.StreamTransform;
import io.vertx.core.buffer.Buffer;

/**
 * An OpenAI chat-completions caller at an Anthropic Messages target: the request is translated to Messages, and the
 * answer, error or stream back to OpenAI's format, so the client never sees the difference and the attempt loop
 * classifies the answer like any other.
 */
final class OpenAiOverAnthropic implements Translation {

    private final RequestDocument request;
    private final int defaultMaxTokens;
    private final long created;

    OpenAiOverAnthropic(RequestDocument request, int defaultMaxTokens, long created) {
        this.request = request;
        this.defaultMaxTokens = defaultMaxTokens;
        this.created = created;
    }

    @Override
    public Buffer request(String modelId) {
        return Buffer.buffer(Json.write(OpenAiToAnthropicRequest.translate(request.tree(), modelId, defaultMaxTokens)));
    }

    @Override
    public UpstreamReply answer(UpstreamReply reply) {
        JsonNode message = Json.read(reply.body());
        if (message == null || !message.isObject()) {
            return UpstreamReply.json(502, OpenAiErrors.body(new GatewayError(502, "api_error", "bad_provider_response",
                    null, "The provider answered with a body that is not an Anthropic message")), reply.headers());
        }
        return UpstreamReply.json(200, Buffer.buffer(Json.write(AnthropicToOpenAiResponse.translate(message, created))),
                reply.headers());
    }

    /** Anthropic's 529 becomes 503; see {@link AnthropicToOpenAiResponse#error}. */
    @Override
    public UpstreamReply error(UpstreamReply reply) {
        GatewayError error = AnthropicToOpenAiResponse.error(reply.status(), Json.read(reply.body()));
        return UpstreamReply.json(error.status(), OpenAiErrors.body(error), reply.headers());
    }

    @Override
    public StreamTransform stream() {
        boolean includeUsage = request.tree().path("stream_options").path("include_usage").asBoolean(false);
        return new TranslatingStream(new AnthropicToOpenAiStream(includeUsage, created));
    }
}
