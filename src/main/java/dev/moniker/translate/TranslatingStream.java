package dev.moniker.translate;

import dev.moniker.wire.sse.SseParser;
import dev.moniker.wire.sse.StreamTransform;
import io.vertx.core.buffer.Buffer;

/** A stream transform that re-emits each provider event in the caller's format, through a {@link StreamTranslator}. */
final class TranslatingStream implements StreamTransform {

    private final StreamTranslator translator;
    private final SseParser parser = new SseParser();

    TranslatingStream(StreamTranslator translator) {
        this.translator = translator;
    }

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
}
