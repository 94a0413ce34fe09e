package dev.moniker.limit;

import io.smallrye.mutiny.Uni;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Counters in this process: one budget per replica. A counter is replaced when its window has passed, so memory
 * holds one counter per name in use.
 */
public final class LocalCounters implements Counters {

    private record Count(long window, AtomicLong value) {
    }

    private final Map<String, Count> counts = new ConcurrentHashMap<>();
    private final LongSupplier clock;

    /** @param clock milliseconds; {@code System::currentTimeMillis} except in tests */
    public LocalCounters(LongSupplier clock) {
        this.clock = clock;
    }

    @Override
    public Uni<Long> add(String name, long amount, Window window) {
        return Uni.createFrom().item(current(name, window).value().addAndGet(amount));
    }

    @Override
    public Uni<Long> read(String name, Window window) {
        return Uni.createFrom().item(current(name, window).value().get());
    }

    @Override
    public long resetInMillis(Window window) {
        return window.resetInMillis(clock.getAsLong());
    }

    private Count current(String name, Window window) {
        long now = window.index(clock.getAsLong());
        return counts.compute(name + "@" + window, (key, count) ->
                count != null && count.window() == now ? count : new Count(now, new AtomicLong()));
    }
}
