package dev.moniker.translate;

import dev.moniker.wire.UpstreamReply;
import dev.moniker.wire.sse.StreamTransform;
import io.vertx.core.buffer.Buffer;

/**
 * An operation the target's provider family does not serve at all (embeddings or legacy completions at an
 * Anthropic-format model): refused as the caller's fault, with nothing sent.
 */
final class Unserved implements Translation {

    private final String message;

    Unserved(String message) {
        this.message = message;
    }

    @Override
    public Buffer request(String modelId) {
        throw new TranslationException("model", message);
    }

    @Override
    public UpstreamReply answer(UpstreamReply reply) {
        return reply;
    }

    @Override
    public UpstreamReply error(UpstreamReply reply) {
        return reply;
    }

    @Override
    public StreamTransform stream() {
        throw new IllegalStateException(message);
    }
}
