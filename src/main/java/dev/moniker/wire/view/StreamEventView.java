package dev.moniker.wire.view;

import java.util.Optional;

/** One event of a stream, in the caller's format, seen independently of it: what stream stages read and change. */
public interface StreamEventView {

    /** The text this event adds to the answer, if it adds any. */
    Optional<TextPart> textDelta();

    /** The fragment of a tool call's arguments this event adds, if any. */
    Optional<String> toolCallDelta();

    /** Why the model stopped, when this event says so. */
    Optional<String> finishReason();

    /** Token counts, when this event carries them. */
    Optional<Usage> usage();

    /** The event as the caller receives it: unchanged bytes when no stage replaced anything. */
    String toSse();
}
