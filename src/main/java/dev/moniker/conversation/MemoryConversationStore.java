package dev.moniker.conversation;

import io.smallrye.mutiny.Uni;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Conversations in this process: the {@code maxEntries} most recently used, each for {@code retention}. Lost on restart and not
 * shared between replicas (use PostgreSQL for that); a reload keeps them.
 */
public final class MemoryConversationStore implements ConversationStore {

    private final Duration retention;
    private final Clock clock;
    private final Map<String, StoredResponse> entries;

    public MemoryConversationStore(int maxEntries, Duration retention, Clock clock) {
        this.retention = retention;
        this.clock = clock;
        // Access order: the least recently used goes first, so a conversation still being continued stays.
        this.entries = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, StoredResponse> eldest) {
                return size() > maxEntries;
            }
        };
    }

    @Override
    public Uni<Optional<StoredResponse>> get(String id) {
        return Uni.createFrom().item(lookup(id));
    }

    /** The entry now, without a {@code Uni}: also the local cache in front of PostgreSQL. */
    synchronized Optional<StoredResponse> lookup(String id) {
        StoredResponse found = entries.get(id);
        if (found != null && found.storedAt().plus(retention).isBefore(clock.instant())) {
            entries.remove(id);
            return Optional.empty();
        }
        return Optional.ofNullable(found);
    }

    @Override
    public Uni<Void> put(StoredResponse response) {
        remember(response);
        return Uni.createFrom().voidItem();
    }

    synchronized void remember(StoredResponse response) {
        entries.remove(response.id());
        entries.put(response.id(), response);
    }

    @Override
    public Uni<Boolean> delete(String id) {
        return Uni.createFrom().item(forget(id));
    }

    synchronized boolean forget(String id) {
        return entries.remove(id) != null;
    }

    @Override
    public String describe() {
        return "memory";
    }
}
