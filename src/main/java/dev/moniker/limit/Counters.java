package dev.moniker.limit;

import io.smallrye.mutiny.Uni;

/**
 * Where usage is counted, per name and fixed window: in this process ({@link LocalCounters}) or in a store that
 * several replicas share. Asynchronous, so a shared store never blocks the event loop.
 */
public interface Counters {

    /** Adds {@code amount} to {@code name}'s count in the current {@code window}; completes with the new count. */
    Uni<Long> add(String name, long amount, Window window);

    /** {@code name}'s count in the current {@code window}. */
    Uni<Long> read(String name, Window window);

    /** Milliseconds until the current {@code window} ends (when a spent limit is whole again). */
    long resetInMillis(Window window);
}
