package dev.moniker.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.moniker.wire.GatewayError;
import dev.moniker.wire.Operation;
import dev.moniker.wire.RequestDocument;
import dev.moniker.wire.UpstreamReply;
import dev.moniker.wire.openai.OpenAiErrors;
import dev.moniker.wire.sse.StreamTransform;
import io.vertx.core.buffer.Buffer;

import java.util.function.Function;

/**
 * A Responses API caller at a target that does not serve the Responses API: the request becomes a chat-completions
 * request ({@link ResponsesToChatRequest}), which travels to the target through the chat translation for its
 * format ({@code chat}: passed through to OpenAI-format targets, translated again for Anthropic ones); the chat
 * answer or stream comes back as a Responses {@code response} ({@link ChatToResponsesAnswer}) or typed event stream
 * ({@link ChatToResponsesStream}). Errors already are in OpenAI's envelope, which the Responses API shares.
 */
final class ResponsesOverChat implements Translation {

    private final RequestDocument request;
    private final boolean maxCompletionTokens;
    private final Function<RequestDocument, Translation> chat;
    private final String id;
    private final long createdAt;
    private Translation inner;

    /**
     * @param chat the chat translation to this target, for the translated request
     * @param id   the response's id ({@code resp_...})
     */
    ResponsesOverChat(RequestDocument request, boolean maxCompletionTokens, Function<RequestDocument, Translation> chat,
                      String id, long createdAt) {
        this.request = request;
        this.maxCompletionTokens = maxCompletionTokens;
        this.chat = chat;
        this.id = id;
        this.createdAt = createdAt;
    }

    /** The chat translation, over the request translated for {@code modelId}. */
    private Translation inner(String modelId) {
        if (inner == null) {
            ObjectNode translated = ResponsesToChatRequest.translate(request.tree(), modelId, maxCompletionTokens);
            inner = chat.apply(RequestDocument.ofTree(Json.MAPPER, translated));
        }
        return inner;
    }

    @Override
    public java.util.Optional<Operation> sentAs() {
        return java.util.Optional.of(Operation.CHAT);
    }

    @Override
    public Buffer request(String modelId) {
        return inner(modelId).request(modelId);
    }

    @Override
    public UpstreamReply answer(UpstreamReply reply) {
        UpstreamReply chatAnswer = inner.answer(reply);
        JsonNode completion = Json.read(chatAnswer.body());
        if (chatAnswer.status() != 200 || completion == null || !completion.isObject()) {
            return chatAnswer.status() != 200 ? chatAnswer : UpstreamReply.json(502, OpenAiErrors.body(
                    new GatewayError(502, "api_error", "bad_provider_response", null,
                            "The provider answered with a body that is not a chat completion")), reply.headers());
        }
        ObjectNode response = ChatToResponsesAnswer.translate(request.tree(), completion, id, createdAt);
        return UpstreamReply.json(200, Buffer.buffer(Json.write(response)), reply.headers());
    }

    @Override
    public UpstreamReply error(UpstreamReply reply) {
        return inner.error(reply);
    }

    @Override
    public StreamTransform stream() {
        return new ChainedStream(inner.stream(),
                new TranslatingStream(new ChatToResponsesStream(request.tree(), id, createdAt)));
    }
}
