package dev.moniker.wire.view;

/**
 * A text an event repeats in full from the deltas streamed before it, as the Responses API's {@code .done} events
 * and its completed response do; {@code part} names the text part (the same key as {@link StreamEventView#textKey}
 * of its deltas), so a stage that changed the deltas can make the repetition say what the caller received.
 */
public record RepeatedText(String part, TextPart text) {
}
