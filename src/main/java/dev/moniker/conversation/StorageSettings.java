package dev.moniker.conversation;

import java.util.Optional;

/**
 * archgw/Plano's {@code state_storage}: where Responses API conversations are kept.
 *
 * @param postgresUrl {@code postgresql://user:password@host:port/database} for {@code type: postgres}; empty for
 *                    {@code memory} (the default). It may hold a password: never logged ({@link #toString}).
 */
public record StorageSettings(Optional<String> postgresUrl) {

    public static final StorageSettings MEMORY = new StorageSettings(Optional.empty());

    @Override
    public String toString() {
        return postgresUrl.isPresent() ? "postgres " + PostgresConversationStore.where(postgresUrl.get()) : "memory";
    }
}
