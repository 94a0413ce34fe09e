package dev.moniker.translate;

import dev.moniker.wire.sse.SseParser;
import dev.moniker.wire.sse.StreamTransform;
import io.vertx.core.buffer.Buffer;

import java.util.List;
import java.util.function.Function;

/**
 * A stream transform that re-emits each provider event in the caller's format, through a {@link StreamTranslator}.
 * The provider's framing splits its bytes into events: SSE for most providers, AWS event-stream messages for
 * Bedrock ({@link ConverseEventStream}). A framing that cannot be read further ends the stream with the caller's
 * error event.
 */
final class TranslatingStream implements StreamTransform {

    /** Thrown by a framing whose bytes cannot be read further (a checksum failed, a length is impossible). */
    static final class UnreadableFraming extends RuntimeException {
        UnreadableFraming(String message) {
            super(message, null, false, false);
        }
    }

    private final StreamTranslator translator;
    private final Function<byte[], List<SseParser.Event>> framing;

    /** A provider stream framed as SSE. */
    TranslatingStream(StreamTranslator translator) {
        this(translator, new SseParser()::feed);
    }

    TranslatingStream(StreamTranslator translator, Function<byte[], List<SseParser.Event>> framing) {
        this.translator = translator;
        this.framing = framing;
    }

    @Override
    public Buffer onChunk(Buffer chunk) {
        if (translator.completed() || translator.failed()) {
            return Buffer.buffer();
        }
        StringBuilder out = new StringBuilder();
        try {
            for (SseParser.Event event : framing.apply(chunk.getBytes())) {
                out.append(translator.onEvent(event));
                if (translator.completed() || translator.failed()) {
                    break;
                }
            }
        } catch (UnreadableFraming e) {
            out.append(translator.fail("The provider's event stream could not be read: " + e.getMessage()));
        }
        return Buffer.buffer(out.toString());
    }

    @Override
    public Buffer ending() {
        return Buffer.buffer(translator.onEnd());
    }

    @Override
    public Buffer failure(String message) {
        return Buffer.buffer(translator.fail(message));
    }
}
