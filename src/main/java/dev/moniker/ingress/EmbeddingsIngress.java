package dev.moniker.ingress;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.moniker.wire.Operation;
import dev.moniker.wire.openai.OpenAiEndpointViews;
import dev.moniker.wire.view.AnswerView;
import dev.moniker.wire.view.RequestView;

/** OpenAI embeddings ({@code POST /v1/embeddings}): {@code input} is a string or an array; nothing streams. */
final class EmbeddingsIngress extends OpenAiIngress {

    EmbeddingsIngress() {
        super(new Endpoint("openai.embeddings", Operation.EMBEDDINGS,
                Wording.openAi("input", "a string or a non-empty array of strings or token arrays"), false, false));
    }

    @Override
    public RequestView requestView(ObjectNode body) {
        return OpenAiEndpointViews.embeddingsRequest(body);
    }

    @Override
    public AnswerView answerView(ObjectNode answer) {
        return OpenAiEndpointViews.embeddingsAnswer(answer);
    }
}
