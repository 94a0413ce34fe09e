package dev.moniker.ingress;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.moniker.wire.Operation;
import dev.moniker.wire.openai.OpenAiEndpointViews;
import dev.moniker.wire.sse.SseParser;
import dev.moniker.wire.view.AnswerView;
import dev.moniker.wire.view.RequestView;
import dev.moniker.wire.view.StreamEventView;

/**
 * OpenAI's legacy completions ({@code POST /v1/completions}): {@code prompt} is a string or an array; streams are
 * chat-like events ending in {@code [DONE]}.
 */
final class CompletionsIngress extends OpenAiIngress {

    private static final Wording WORDING = Wording.openAi("prompt", "a string or a non-empty array of strings");

    @Override
    public String api() {
        return "openai.completions";
    }

    @Override
    public Operation operation() {
        return Operation.COMPLETIONS;
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
    public RequestView requestView(ObjectNode body) {
        return OpenAiEndpointViews.completionsRequest(body);
    }

    @Override
    public AnswerView answerView(ObjectNode answer) {
        return OpenAiEndpointViews.completionsAnswer(answer);
    }

    @Override
    public StreamEventView eventView(SseParser.Event event) {
        return OpenAiEndpointViews.completionsEvent(event);
    }
}
