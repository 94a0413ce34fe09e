package dev.moniker.translate;

import dev.moniker.wire.sse.SseParser;

/**
 * Turns one provider's event stream into the caller's, event by event. One instance per stream; it remembers
 * whether the stream completed, so a stream that ends early ends with an error event.
 */
public abstract class StreamTranslator {

    /** The stream reached its last event. */
    protected boolean done;
    /** The stream already ended with an error event. */
    protected boolean failed;

    /** The caller's SSE text for one provider event (may be empty). */
    public abstract String onEvent(SseParser.Event event);

    /** The provider's stream ended: the final SSE text, an error event if it had not completed. */
    public final String onEnd() {
        return fail("The provider stream ended before it was complete");
    }

    /** The provider's stream failed: an error event, unless the stream already ended. */
    public final String fail(String message) {
        if (done || failed) {
            return "";
        }
        failed = true;
        return errorEvent(message);
    }

    /** The caller's format's event for a stream that broke after it started. */
    protected abstract String errorEvent(String message);

    public final boolean completed() {
        return done;
    }

    public final boolean failed() {
        return failed;
    }
}
