package dev.moniker.conversation;

import io.smallrye.mutiny.Uni;

import java.util.Optional;

/**
 * Where Responses API conversations are kept for {@code previous_response_id}, {@code GET} and {@code DELETE}: in
 * this process ({@link MemoryConversationStore}, the default) or in PostgreSQL, shared by every replica
 * ({@link PostgresConversationStore}). Every operation completes on the caller's event loop, or at once.
 */
public interface ConversationStore {

    /** The stored response, if it is there and not past retention. */
    Uni<Optional<StoredResponse>> get(String id);

    /** Stores a response; completes when it is stored (a failure is logged by the store, never the caller's). */
    Uni<Void> put(StoredResponse response);

    /** Removes a response; true if it was there. */
    Uni<Boolean> delete(String id);

    /** Where it keeps conversations, for logs and readiness: {@code memory} or {@code postgres host:port/db}. */
    String describe();

    /** Releases connections; the store is not used after. */
    default void close() {
    }
}
