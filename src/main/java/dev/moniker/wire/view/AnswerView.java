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
}
