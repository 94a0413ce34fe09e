package dev.moniker.wire.anthropic;

import dev.moniker.wire.sse.SseParser;
import dev.moniker.wire.sse.StreamTransform;
import io.vertx.core.buffer.Buffer;

/** Anthropic Messages event streams. */
public final class AnthropicStreams {

    private AnthropicStreams() {
    }

    /** Events relayed as they are; complete once {@code message_stop} (or an {@code error} event) went by. */
    public static StreamTransform passThrough() {
        SseParser watch = new SseParser();
        return new StreamTransform() {
            private boolean ended;

            @Override
            public Buffer onChunk(Buffer chunk) {
                for (SseParser.Event event : watch.feed(chunk.getBytes())) {
                    if ("message_stop".equals(event.name()) || "error".equals(event.name())) {
                        ended = true;
                    }
                }
                return chunk;
            }

            @Override
            public Buffer ending() {
                return ended ? Buffer.buffer() : failure("The provider stream ended before it was complete");
            }

            @Override
            public Buffer failure(String message) {
                return Buffer.buffer(AnthropicErrors.event("api_error", message));
            }
        };
    }
}
