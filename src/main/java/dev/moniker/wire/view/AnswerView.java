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

    /** The answer as a JSON tree, where the format keeps one, for a stage that needs all of it. */
    default Optional<com.fasterxml.jackson.databind.node.ObjectNode> document() {
        return Optional.empty();
    }

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

    /** {@link #of} with the answer's tree, for {@link #document}. */
    static AnswerView of(com.fasterxml.jackson.databind.node.ObjectNode answer, List<TextPart> texts,
                         List<String> toolCalls, Optional<String> finishReason, Optional<Usage> usage) {
        AnswerView found = of(texts, toolCalls, finishReason, usage);
        return new AnswerView() {
            @Override
            public List<TextPart> texts() {
                return found.texts();
            }

            @Override
            public List<String> toolCalls() {
                return found.toolCalls();
            }

            @Override
            public Optional<String> finishReason() {
                return found.finishReason();
            }

            @Override
            public Optional<Usage> usage() {
                return found.usage();
            }

            @Override
            public Optional<com.fasterxml.jackson.databind.node.ObjectNode> document() {
                return Optional.of(answer);
            }
        };
    }
}
