package dev.moniker.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.moniker.wire.GatewayError;
import dev.moniker.wire.RequestDocument;
import dev.moniker.wire.UpstreamReply;
import dev.moniker.wire.anthropic.AnthropicErrors;
import dev.moniker.wire.sse.StreamTransform;
import io.vertx.core.buffer.Buffer;

import java.util.UUID;

/**
 * An Anthropic Messages caller at an Amazon Bedrock target: the request is translated to the Converse API, the
 * answer, error or event stream back to Anthropic's format. {@link OpenAiOverConverse} goes through this, so both
 * callers share one Converse mapping.
 */
final class AnthropicOverConverse implements Translation {

    private final RequestDocument request;
    private final String id = "msg_bdrk_" + UUID.randomUUID().toString().replace("-", "");
    private String modelId;

    AnthropicOverConverse(RequestDocument request) {
        this.request = request;
    }

    @Override
    public Buffer request(String modelId) {
        this.modelId = modelId;
        return Buffer.buffer(Json.write(AnthropicToConverseRequest.translate(request.tree())));
    }

    @Override
    public UpstreamReply answer(UpstreamReply reply) {
        ObjectNode message = ConverseToAnthropicAnswer.translate(Json.read(reply.body()), id, modelId);
        if (message == null) {
            return UpstreamReply.json(502, Buffer.buffer(Json.write(AnthropicErrors.envelope("api_error",
                    "The provider answered with a body that is not a Bedrock Converse answer"))), reply.headers());
        }
        return UpstreamReply.json(200, Buffer.buffer(Json.write(message)), reply.headers());
    }

    @Override
    public UpstreamReply error(UpstreamReply reply) {
        GatewayError error = bedrockError(reply);
        return UpstreamReply.json(error.status(), AnthropicErrors.body(error), reply.headers());
    }

    static GatewayError bedrockError(UpstreamReply reply) {
        JsonNode body = Json.read(reply.body());
        return ConverseToAnthropicAnswer.error(reply.status(), reply.header("x-amzn-errortype"), body);
    }

    @Override
    public StreamTransform stream() {
        return new TranslatingStream(new ConverseToAnthropicStream(id, modelId), new ConverseEventStream());
    }
}
