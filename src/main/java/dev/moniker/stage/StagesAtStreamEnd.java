package dev.moniker.stage;

import dev.moniker.wire.sse.StreamTransform;
import io.vertx.core.buffer.Buffer;

/**
 * A stream whose stages only act at its end (usage metering, cost): relayed as the inner transform makes it, not
 * split into events, and the stages told when it ends ({@link StageChain#onStreamEnd}, with its usage).
 */
public final class StagesAtStreamEnd implements StreamTransform {

    private final StreamTransform inner;
    private final StageChain stages;

    public StagesAtStreamEnd(StreamTransform inner, StageChain stages) {
        this.inner = inner;
        this.stages = stages;
    }

    @Override
    public Buffer onChunk(Buffer chunk) {
        return inner.onChunk(chunk);
    }

    @Override
    public boolean stopped() {
        return inner.stopped();
    }

    @Override
    public Buffer ending() {
        return Buffer.buffer(stages.onStreamEnd()).appendBuffer(inner.ending());
    }

    @Override
    public Buffer failure(String message) {
        return Buffer.buffer(stages.onStreamEnd()).appendBuffer(inner.failure(message));
    }
}
