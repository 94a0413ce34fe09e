package dev.moniker.gateway;

import dev.moniker.translate.AnthropicErrors;
import dev.moniker.translate.SseParser;
import dev.moniker.translate.StreamTranslator;
import io.vertx.core.buffer.Buffer;

/**
 * What the caller receives of a provider's stream, chunk by chunk, and how it ends. Pass-through transforms relay
 * the provider's bytes unchanged and only watch for the stream's last event; translating ones re-emit each event
 * in the caller's format. Either way a stream that ends before its last event, or breaks, ends with an error event
 * in the caller's format: never a silent, truncated success.
 */
public interface StreamTransform {

    /** The bytes to send the caller for one provider chunk; may be empty. */
    Buffer onChunk(Buffer chunk);

    /** The provider's stream ended: nothing if it was complete, else an error event. */
    Buffer ending();

    /** The provider's stream broke: an error event. */
    Buffer failure(String message);

    /** OpenAI events relayed as they are; complete once {@code data: [DONE]} went by. */
    static StreamTransform openAiPassThrough() {
        SseTerminatorWatch terminator = new SseTerminatorWatch();
        return new StreamTransform() {
            @Override
            public Buffer onChunk(Buffer chunk) {
                terminator.accept(chunk);
                return chunk;
            }

            @Override
            public Buffer ending() {
                return terminator.seen() ? Buffer.buffer()
                        : failure("The provider stream ended before it was complete");
            }

            @Override
            public Buffer failure(String message) {
                return ResponseWriter.openAiErrorEvent(message);
            }
        };
    }

    /** Anthropic events relayed as they are; complete once {@code message_stop} (or an {@code error} event) went by. */
    static StreamTransform anthropicPassThrough() {
        SseParser watch = new SseParser();
        boolean[] ended = new boolean[1];
        return new StreamTransform() {
            @Override
            public Buffer onChunk(Buffer chunk) {
                for (SseParser.Event event : watch.feed(chunk.getBytes())) {
                    if ("message_stop".equals(event.name()) || "error".equals(event.name())) {
                        ended[0] = true;
                    }
                }
                return chunk;
            }

            @Override
            public Buffer ending() {
                return ended[0] ? Buffer.buffer() : failure("The provider stream ended before it was complete");
            }

            @Override
            public Buffer failure(String message) {
                return Buffer.buffer("event: error\ndata: " + AnthropicErrors.envelope("api_error", message) + "\n\n");
            }
        };
    }

    /** Each provider event re-emitted in the caller's format by a translator. */
    static StreamTransform translating(StreamTranslator translator) {
        SseParser parser = new SseParser();
        return new StreamTransform() {
            @Override
            public Buffer onChunk(Buffer chunk) {
                if (translator.completed() || translator.failed()) {
                    return Buffer.buffer();
                }
                StringBuilder out = new StringBuilder();
                for (SseParser.Event event : parser.feed(chunk.getBytes())) {
                    out.append(translator.onEvent(event));
                    if (translator.completed() || translator.failed()) {
                        break;
                    }
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
        };
    }
}
