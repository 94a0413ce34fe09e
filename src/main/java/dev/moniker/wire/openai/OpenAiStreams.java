package dev.moniker.wire.openai;

import dev.moniker.wire.GatewayError;
import dev.moniker.wire.sse.SseTerminatorWatch;
import dev.moniker.wire.sse.StreamTransform;
import io.vertx.core.buffer.Buffer;

/** OpenAI chat-completion event streams. */
public final class OpenAiStreams {

    static final String CUT_SHORT = "The provider stream ended before it was complete";

    private OpenAiStreams() {
    }

    /** Events relayed as they are, without parsing; complete once {@code data: [DONE]} went by. */
    public static StreamTransform passThrough() {
        SseTerminatorWatch terminator = new SseTerminatorWatch();
        return new StreamTransform() {
            @Override
            public Buffer onChunk(Buffer chunk) {
                terminator.accept(chunk);
                return chunk;
            }

            @Override
            public Buffer ending() {
                return terminator.seen() ? Buffer.buffer() : failure(CUT_SHORT);
            }

            @Override
            public Buffer failure(String message) {
                return OpenAiErrors.event(GatewayError.streamInterrupted(message));
            }
        };
    }
}
