package dev.moniker.wire.sse;

import io.vertx.core.buffer.Buffer;

/**
 * What the caller receives of a provider's event stream, chunk by chunk, and how it ends. Pass-through transforms
 * ({@code OpenAiStreams}, {@code AnthropicStreams}) relay the provider's bytes unchanged and only watch for the
 * stream's last event; translating ones re-emit each event in the caller's format. Either way a stream that ends
 * before its last event, or breaks, ends with an error event in the caller's format: never a silent, truncated
 * success. One instance per stream; chunks arrive on one thread.
 */
public interface StreamTransform {

    /** The bytes to send the caller for one provider chunk; may be empty. */
    Buffer onChunk(Buffer chunk);

    /**
     * The caller's stream is over although the provider's is not (a stage stopped it with an error event): the
     * provider stream is abandoned and the caller's ended after the last chunk.
     */
    default boolean stopped() {
        return false;
    }

    /** The provider's stream ended: nothing if it was complete, else an error event. */
    Buffer ending();

    /** The provider's stream broke: an error event. */
    Buffer failure(String message);
}
