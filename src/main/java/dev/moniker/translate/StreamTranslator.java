package dev.moniker.translate;

import dev.moniker.wire.sse.SseParser;
/**
 * Turns one provider's event stream into the caller's, event by event. One instance per stream; it remembers
 * whether the stream completed, so a stream that ends early ends with an error event.
 */
public interface StreamTranslator {

    /** The caller's SSE text for one provider event (may be empty). */
    String onEvent(SseParser.Event event);

    /** The provider's stream ended: the final SSE text, an error event if it had not completed. */
    String onEnd();

    /** The provider's stream failed: an error event, unless the stream already ended. */
    String fail(String message);

    /** The stream reached its last event. */
    boolean completed();

    /** The stream already ended with an error event. */
    boolean failed();
}
