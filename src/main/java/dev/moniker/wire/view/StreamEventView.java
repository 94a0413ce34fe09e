package dev.moniker.wire.view;

import java.util.Optional;

/** One event of a stream, in the caller's format, seen independently of it: what stream stages read and change. */
public interface StreamEventView {

    /** The text this event adds to the answer, if it adds any. */
    Optional<TextPart> textDelta();

    /**
     * Which text part this event's text delta belongs to, in formats whose later events repeat the whole text
     * ({@link #repeatedTexts}); null in the others.
     */
    default String textKey() {
        return null;
    }

    /** The texts this event repeats in full from earlier deltas (Responses' done events); none in most formats. */
    default java.util.List<RepeatedText> repeatedTexts() {
        return java.util.List.of();
    }

    /** The fragment of a tool call's arguments this event adds, if any. */
    Optional<String> toolCallDelta();

    /** Why the model stopped, when this event says so. */
    Optional<String> finishReason();

    /** The event's name ({@code event:} line), or {@code null}. */
    default String name() {
        return null;
    }

    /** The event's data as JSON, when it is JSON. */
    default java.util.Optional<com.fasterxml.jackson.databind.JsonNode> json() {
        return java.util.Optional.empty();
    }

    /** Token counts, when this event carries them. */
    Optional<Usage> usage();

    /**
     * Appends the event as the caller receives it (after what was inserted before it) to {@code out}: unchanged
     * text when nothing changed. One builder serves a whole chunk's events, so no event makes a string of its own.
     */
    void writeSse(StringBuilder out);

    /**
     * Whether {@link #writeSse} would write this event exactly as it arrived (nothing inserted before it, nothing
     * changed or omitted). Asked once per event, after the stages and before {@link #writeSse}, in stream order: a
     * format that numbers its events counts this one here. False unless the view can tell.
     */
    default boolean untouched() {
        return false;
    }

    /**
     * A copy of this event (which must carry a text delta) with {@code text} as its delta, as SSE text: how a stage
     * writes text it held back, in the caller's format.
     */
    String withText(String text);

    /**
     * Do not send this event (what was inserted before it still goes): for an event the gateway asked for and the
     * caller did not, such as OpenAI's usage chunk.
     */
    void omit();

    /** SSE text to send before this event (text a stage held back until now). */
    void insertBefore(String sse);

    /**
     * Keep this event back, whole: the stream writes it, in order and as it then reads, once it is
     * {@link #release}d, or as soon as an event after it goes out (nothing overtakes a held event). What a stage
     * holds, the stages after it have already seen.
     */
    void hold();

    /** Let a {@link #hold held} event go out (changed through its view, or {@link #omit omitted}, if need be). */
    void release();

    /** Whether this event is {@link #hold held} and not yet {@link #release released}. */
    boolean held();
}
