package dev.moniker.translate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.moniker.wire.RequestDocument;
import dev.moniker.wire.UpstreamReply;
import dev.moniker.wire.anthropic.AnthropicErrors;
import dev.moniker.wire.sse.StreamTransform;
import io.vertx.core.buffer.Buffer;

/**
 * An Anthropic Messages caller at an OpenAI-format target: the request is translated to chat completions, and the
 * answer, error or stream back to Anthropic's format.
 */
final class AnthropicOverOpenAi implements Translation {

    private final RequestDocument request;
    private final boolean maxCompletionTokens;

    /** @param maxCompletionTokens the target takes {@code max_completion_tokens} (OpenAI, Azure) not {@code max_tokens} */
    AnthropicOverOpenAi(RequestDocument request, boolean maxCompletionTokens) {
        this.request = request;
        this.maxCompletionTokens = maxCompletionTokens;
    }

    @Override
    public Buffer request(String modelId) {
        return Buffer.buffer(Json.write(AnthropicToOpenAiRequest.translate(request.tree(), modelId, maxCompletionTokens)));
    }

    @Override
    public UpstreamReply answer(UpstreamReply reply) {
        JsonNode completion = Json.read(reply.body());
        if (completion == null || !completion.isObject()) {
            return UpstreamReply.json(502, Buffer.buffer(Json.write(AnthropicErrors.envelope("api_error",
                    "The provider answered with a body that is not a chat completion"))), reply.headers());
        }
        return UpstreamReply.json(200, Buffer.buffer(Json.write(OpenAiToAnthropicResponse.translate(completion))),
                reply.headers());
    }

    @Override
    public UpstreamReply error(UpstreamReply reply) {
        int status = reply.status() >= 400 ? reply.status() : 502;
        return UpstreamReply.json(status, Buffer.buffer(Json.write(
                OpenAiToAnthropicResponse.error(reply.status(), Json.read(reply.body())))), reply.headers());
    }

    @Override
    public StreamTransform stream() {
        return new TranslatingStream(new OpenAiToAnthropicStream());
    }
}
