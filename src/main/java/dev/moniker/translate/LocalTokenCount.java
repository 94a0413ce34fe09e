package dev.moniker.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.moniker.wire.RequestDocument;
import dev.moniker.wire.UpstreamReply;
import dev.moniker.wire.anthropic.AnthropicViews;
import dev.moniker.wire.sse.StreamTransform;
import dev.moniker.wire.view.TextPart;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Anthropic's token count ({@code /v1/messages/count_tokens}) for a target that has no counting endpoint: counted
 * here, an estimate ({@link TokenCounter}), over the system prompt, every message's text and every tool definition
 * (name, description and schema as JSON). Answered with {@code {"input_tokens": n}} and the header
 * {@code x-moniker-token-count: estimate}.
 */
final class LocalTokenCount implements Translation {

    private final RequestDocument request;
    private final TokenCounter counter;

    LocalTokenCount(RequestDocument request, TokenCounter counter) {
        this.request = request;
        this.counter = counter;
    }

    @Override
    public boolean answersLocally() {
        return true;
    }

    @Override
    public Uni<UpstreamReply> answerLocally(String modelId) {
        List<String> texts = new ArrayList<>();
        for (TextPart part : AnthropicViews.request(request.tree().deepCopy()).texts()) {
            texts.add(part.text());
        }
        for (JsonNode tool : request.tree().path("tools")) {
            texts.add(tool.toString());
        }
        return counter.count(texts, modelId).map(tokens -> {
            ObjectNode answer = JsonNodeFactory.instance.objectNode().put("input_tokens", tokens);
            return UpstreamReply.json(200, Buffer.buffer(answer.toString()),
                    Map.of("x-moniker-token-count", List.of("estimate")));
        });
    }

    @Override
    public Buffer request(String modelId) {
        throw new IllegalStateException("a local token count sends nothing");
    }

    @Override
    public UpstreamReply answer(UpstreamReply reply) {
        return reply;
    }

    @Override
    public UpstreamReply error(UpstreamReply reply) {
        return reply;
    }

    @Override
    public StreamTransform stream() {
        throw new IllegalStateException("token counts do not stream");
    }
}
