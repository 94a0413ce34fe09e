package dev.moniker.wire.view;

import java.util.List;
import java.util.OptionalLong;

/**
 * A caller's request seen independently of its wire format: what request stages read and change. Built over a
 * private copy of the request tree, only for aliases that have stages.
 */
public interface RequestView {

    /** The model the caller asked for, or {@code null}. */
    String model();

    boolean stream();

    /** The caller's output limit ({@code max_tokens}, {@code max_completion_tokens}), if set. */
    OptionalLong maxOutputTokens();

    /** The text of the system prompt and of every message, in order. */
    List<TextPart> texts();

    /** Whether a stage replaced any text. */
    default boolean changed() {
        return texts().stream().anyMatch(TextPart::replaced);
    }
}
