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

    /**
     * Sets the output limit to {@code tokens}, in the member the target reads: {@code max_completion_tokens} when
     * {@code completionField} and the format has it, else {@code max_tokens}.
     */
    void limitOutputTokens(long tokens, boolean completionField);

    /** The text of the system prompt and of every message, in order. */
    List<TextPart> texts();

    /** The request as a JSON tree (changes show in the request sent), for a stage that needs all of it. */
    default java.util.Optional<com.fasterxml.jackson.databind.node.ObjectNode> document() {
        return java.util.Optional.empty();
    }

    /** Whether a stage replaced any text or set a member. */
    boolean changed();
}
