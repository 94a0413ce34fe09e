package dev.moniker.ingress;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.moniker.translate.ResponsesReplies;
import dev.moniker.wire.GatewayError;
import dev.moniker.wire.Operation;
import dev.moniker.wire.openai.ResponsesStreams;
import dev.moniker.wire.openai.ResponsesViews;
import dev.moniker.wire.sse.SseParser;
import dev.moniker.wire.view.AnswerView;
import dev.moniker.wire.view.RequestView;
import dev.moniker.wire.view.StreamEventView;
import io.vertx.core.buffer.Buffer;

/**
 * OpenAI's Responses API ({@code POST /v1/responses}): OpenAI's error envelope; {@code input} a string or an array
 * of items; streams of typed events, which end in an {@code error} event when they break.
 */
final class ResponsesIngress extends OpenAiIngress {

    ResponsesIngress() {
        super(new Endpoint("openai.responses", Operation.RESPONSES,
                Wording.openAi("input", "a string or a non-empty array of input items"), true, true));
    }

    @Override
    public Buffer errorEvent(GatewayError error) {
        return ResponsesStreams.errorEvent(error);
    }

    @Override
    public String reply(String model, String text, boolean stream) {
        return ResponsesReplies.reply(model, text, stream, java.time.Instant.now().getEpochSecond());
    }

    @Override
    public RequestView requestView(ObjectNode body) {
        return ResponsesViews.request(body);
    }

    @Override
    public AnswerView answerView(ObjectNode answer) {
        return ResponsesViews.answer(answer);
    }

    @Override
    public java.util.function.Function<SseParser.Event, StreamEventView> eventViews() {
        return ResponsesViews.stream();
    }
}
