package dev.moniker.translate;

import dev.moniker.wire.bedrock.EventStreamDecoder;
import dev.moniker.wire.sse.SseParser;
import dev.moniker.wire.sse.StreamTransform;
import io.vertx.core.buffer.Buffer;

/**
 * A Bedrock {@code converse-stream} answer, binary AWS event-stream messages, re-emitted in the caller's format: each
 * message is decoded ({@link EventStreamDecoder}) and handed to a {@link StreamTranslator} as an event named by its
 * {@code :event-type} (an exception by {@code !} and its {@code :exception-type}). A stream whose framing breaks
 * ends with the caller's error event.
 */
final class ConverseEventStream implements StreamTransform {

    private final StreamTranslator translator;
    private final EventStreamDecoder decoder = new EventStreamDecoder();

    ConverseEventStream(StreamTranslator translator) {
        this.translator = translator;
    }

    @Override
    public Buffer onChunk(Buffer chunk) {
        if (translator.completed() || translator.failed()) {
            return Buffer.buffer();
        }
        StringBuilder out = new StringBuilder();
        try {
            for (EventStreamDecoder.Message message : decoder.feed(chunk.getBytes())) {
                out.append(translator.onEvent(event(message)));
                if (translator.completed() || translator.failed()) {
                    break;
                }
            }
        } catch (EventStreamDecoder.FramingException e) {
            out.append(translator.fail("The provider's event stream could not be read: " + e.getMessage()));
        }
        return Buffer.buffer(out.toString());
    }

    private static SseParser.Event event(EventStreamDecoder.Message message) {
        String name = "exception".equals(message.header(":message-type"))
                ? ConverseToAnthropicStream.EXCEPTION + message.header(":exception-type")
                : message.header(":event-type");
        return new SseParser.Event(name, message.payloadText());
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
