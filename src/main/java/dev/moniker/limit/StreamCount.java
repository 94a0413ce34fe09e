package dev.moniker.limit;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The streams the gateway relays at once, against {@code moniker.limits.max-streams}: what keeps a burst of slow
 * streams from taking every connection and all memory of a small pod. One per process, kept across reloads.
 */
public final class StreamCount {

    private final int limit;
    private final AtomicInteger open = new AtomicInteger();

    public StreamCount(int limit) {
        this.limit = limit;
    }

    boolean tryAcquire() {
        if (open.incrementAndGet() > limit) {
            open.decrementAndGet();
            return false;
        }
        return true;
    }

    void release() {
        open.decrementAndGet();
    }

    public int limit() {
        return limit;
    }

    /** Streams open now, for the {@code moniker_streams_active} gauge. */
    public int open() {
        return open.get();
    }
}
