package dev.moniker.wire.openai;

import dev.moniker.wire.GatewayError;
import dev.moniker.wire.sse.SseParser;
import dev.moniker.wire.sse.StreamTransform;
import io.vertx.core.buffer.Buffer;

import java.util.Set;

/** The Responses API's typed event streams. */
public final class ResponsesStreams {

    /** The events that end a Responses stream: after one of them the stream is complete, whatever it reported. */
    private static final Set<String> LAST = Set.of("response.completed", "response.incomplete", "response.failed",
            "error");

    private ResponsesStreams() {
    }

    /** Events relayed as they are; complete once one of the {@link #LAST} events went by. */
    public static StreamTransform passThrough() {
        SseParser parser = new SseParser();
        return new StreamTransform() {
            private boolean seen;

            @Override
            public Buffer onChunk(Buffer chunk) {
                if (!seen) {
                    for (SseParser.Event event : parser.feed(chunk.getBytes())) {
                        seen |= event.name() != null && LAST.contains(event.name());
                    }
                }
                return chunk;
            }

            @Override
            public Buffer ending() {
                return seen ? Buffer.buffer() : failure(OpenAiStreams.CUT_SHORT);
            }

            @Override
            public Buffer failure(String message) {
                return errorEvent(GatewayError.streamInterrupted(message));
            }
        };
    }

    /** An error as the Responses stream's {@code error} event. */
    public static Buffer errorEvent(GatewayError error) {
        String data = "{\"type\":\"error\",\"code\":" + quote(error.code()) + ",\"message\":" + quote(error.message())
                + ",\"param\":" + quote(error.param()) + ",\"sequence_number\":0}";
        return Buffer.buffer(new SseParser.Event("error", data).toText());
    }

    private static String quote(String value) {
        return value == null ? "null" : "\"" + new String(com.fasterxml.jackson.core.io.JsonStringEncoder.getInstance()
                .quoteAsString(value)) + "\"";
    }
}
