package dev.moniker.attempt;

import dev.moniker.provider.StreamHead;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;

import java.util.concurrent.atomic.AtomicBoolean;

/** A stream head that runs {@code release} once, when the stream ends, fails or is abandoned. */
final class ReleasingStreamHead implements StreamHead {
    private final StreamHead head;
    private final Runnable release;
    private final AtomicBoolean released = new AtomicBoolean();

    ReleasingStreamHead(StreamHead head, Runnable release) {
        this.head = head;
        this.release = release;
    }

    private void release() {
        if (released.compareAndSet(false, true)) {
            release.run();
        }
    }

    @Override
    public String contentType() {
        return head.contentType();
    }

    @Override
    public Buffer firstChunk() {
        return head.firstChunk();
    }

    @Override
    public void relay(Handler<Buffer> chunks, Handler<Throwable> failure, Runnable end) {
        head.relay(chunks, error -> {
            release();
            failure.handle(error);
        }, () -> {
            release();
            end.run();
        });
    }

    @Override
    public Buffer ending() {
        return head.ending();
    }

    @Override
    public Buffer failure(String message) {
        return head.failure(message);
    }

    @Override
    public void pause() {
        head.pause();
    }

    @Override
    public void resume() {
        head.resume();
    }

    @Override
    public void cancel() {
        release();
        head.cancel();
    }
}
