package dev.moniker.translate;

import io.smallrye.mutiny.Uni;

import java.util.List;

/** Counts tokens locally, for a token-count request whose target has no counting endpoint. */
@FunctionalInterface
public interface TokenCounter {

    /** The estimated input tokens of {@code texts} sent to {@code modelId}; completes on the caller's event loop. */
    Uni<Long> count(List<String> texts, String modelId);
}
