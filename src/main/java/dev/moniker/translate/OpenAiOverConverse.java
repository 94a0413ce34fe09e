package dev.moniker.translate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.moniker.wire.GatewayError;
import dev.moniker.wire.RequestDocument;
import dev.moniker.wire.UpstreamReply;
import dev.moniker.wire.openai.OpenAiErrors;
import dev.moniker.wire.sse.StreamTransform;
import io.vertx.core.buffer.Buffer;

/**
 * An OpenAI chat-completions caller at an Amazon Bedrock target, through Anthropic's format: the request is
 * translated to Messages ({@link OpenAiToAnthropicRequest}) and on to Converse ({@link AnthropicOverConverse});
 * answers and streams come back the same way ({@link AnthropicToOpenAiResponse}, {@link AnthropicToOpenAiStream}).
 * Bedrock's Converse API is Anthropic's Messages API in other words, so one mapping serves both callers.
 */
final class OpenAiOverConverse implements Translation {

    private final RequestDocument request;
    private final int defaultMaxTokens;
    private final long created;
    private AnthropicOverConverse inner;

    OpenAiOverConverse(RequestDocument request, int defaultMaxTokens, long created) {
        this.request = request;
        this.defaultMaxTokens = defaultMaxTokens;
        this.created = created;
    }

    @Override
    public Buffer request(String modelId) {
        inner = new AnthropicOverConverse(RequestDocument.ofTree(Json.MAPPER,
                OpenAiToAnthropicRequest.translate(request.tree(), modelId, defaultMaxTokens)));
        return inner.request(modelId);
    }

    @Override
    public UpstreamReply answer(UpstreamReply reply) {
        UpstreamReply message = inner.answer(reply);
        JsonNode translated = Json.read(message.body());
        if (message.status() != 200 || translated == null) {
            return UpstreamReply.json(502, OpenAiErrors.body(new GatewayError(502, "api_error", "bad_provider_response",
                    null, "The provider answered with a body that is not a Bedrock Converse answer")), reply.headers());
        }
        return UpstreamReply.json(200, Buffer.buffer(Json.write(AnthropicToOpenAiResponse.translate(translated,
                created))), reply.headers());
    }

    @Override
    public UpstreamReply error(UpstreamReply reply) {
        GatewayError error = AnthropicOverConverse.bedrockError(reply);
        return UpstreamReply.json(error.status(), OpenAiErrors.body(error), reply.headers());
    }

    @Override
    public StreamTransform stream() {
        boolean includeUsage = request.tree().path("stream_options").path("include_usage").asBoolean(false);
        return new ChainedStream(inner.stream(), new TranslatingStream(new AnthropicToOpenAiStream(includeUsage, created)));
    }
}
