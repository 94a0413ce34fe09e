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

    CompletionsIngress() {
        super(new Endpoint("openai.completions", Operation.COMPLETIONS,
                Wording.openAi("prompt", "a string or a non-empty array of strings"), false, true));
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
    public java.util.function.Function<SseParser.Event, StreamEventView> eventViews() {
        return OpenAiEndpointViews::completionsEvent;
    }
}
