package dev.moniker.wire.view;

import java.util.List;
import java.util.Optional;

/** A complete, successful answer seen independently of its wire format: what answer stages read and change. */
public interface AnswerView {

    /** The answer's text parts, in order. */
    List<TextPart> texts();

    /** The names of the tools the model called, in order. */
    List<String> toolCalls();

    /** Why the model stopped, in the caller's format's words ({@code stop}, {@code end_turn}, ...). */
    Optional<String> finishReason();

    Optional<Usage> usage();

    default boolean changed() {
        return texts().stream().anyMatch(TextPart::replaced);
    }

    /** A view of what a format found in its answer (the texts stay linked to the answer's tree). */
    static AnswerView of(List<TextPart> texts, List<String> toolCalls, Optional<String> finishReason,
                         Optional<Usage> usage) {
        record Found(List<TextPart> texts, List<String> toolCalls, Optional<String> finishReason,
                     Optional<Usage> usage) implements AnswerView {
        }
        return new Found(List.copyOf(texts), List.copyOf(toolCalls), finishReason, usage);
    }
}
