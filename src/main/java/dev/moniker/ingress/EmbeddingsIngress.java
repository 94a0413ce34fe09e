package dev.moniker.ingress;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.moniker.wire.Operation;
import dev.moniker.wire.openai.OpenAiEndpointViews;
import dev.moniker.wire.view.AnswerView;
import dev.moniker.wire.view.RequestView;

/** OpenAI embeddings ({@code POST /v1/embeddings}): {@code input} is a string or an array; nothing streams. */
final class EmbeddingsIngress extends OpenAiIngress {

    private static final Wording WORDING = Wording.openAi("input",
            "a string or a non-empty array of strings or token arrays");

    @Override
    public String api() {
        return "openai.embeddings";
    }

    @Override
    public Operation operation() {
        return Operation.EMBEDDINGS;
    }

    @Override
    public Wording wording() {
        return WORDING;
    }

    @Override
    public boolean carriesReplies() {
        return false;
    }

    @Override
    public boolean streams() {
        return false;
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
