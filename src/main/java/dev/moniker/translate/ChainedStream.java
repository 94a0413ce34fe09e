package dev.moniker.translate;

import dev.moniker.wire.sse.StreamTransform;
import io.vertx.core.buffer.Buffer;

/**
 * Two stream transforms one after the other: what the first makes of the provider's stream is what the second
 * reads, its ending and failure events included (the first's error event becomes the second's).
 */
final class ChainedStream implements StreamTransform {

    private final StreamTransform first;
    private final StreamTransform second;

    ChainedStream(StreamTransform first, StreamTransform second) {
        this.first = first;
        this.second = second;
    }

    @Override
    public Buffer onChunk(Buffer chunk) {
        return second.onChunk(first.onChunk(chunk));
    }

    @Override
    public boolean stopped() {
        return first.stopped() || second.stopped();
    }

    @Override
    public Buffer ending() {
        Buffer last = second.onChunk(first.ending());
        return last.appendBuffer(second.ending());
    }

    @Override
    public Buffer failure(String message) {
        Buffer last = second.onChunk(first.failure(message));
        return last.appendBuffer(second.failure(message));
    }
}
