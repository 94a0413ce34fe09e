package dev.moniker.provider;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;

/**
 * A successful stream whose first chunk has arrived but not yet been sent to the client: up to here an attempt can
 * still fall back. Wire-format independent: an adapter that translates another provider's events to OpenAI's
 * implements this over its translated stream.
 */
public interface StreamHead {

    /** The content type to answer with. */
    String contentType();

    /** The first chunk, already received and held back. */
    Buffer firstChunk();

    /** Starts delivering the rest of the stream, paused until {@link #resume()}. */
    void relay(Handler<Buffer> chunks, Handler<Throwable> failure, Runnable end);

    /** The bytes that end the caller's stream once the provider's ended: none if it was complete, else an error event. */
    Buffer ending();

    /** An error event, in the caller's format, for a stream that broke after it started. */
    Buffer failure(String message);

    void pause();

    void resume();

    /** Abandons the stream (the client went away, or another attempt won). */
    void cancel();
}
