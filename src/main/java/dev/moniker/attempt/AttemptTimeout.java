package dev.moniker.attempt;

import java.time.Duration;

/** An attempt exceeded the alias's {@code max_latency}; the slow upstream request has been cancelled. */
final class AttemptTimeout extends RuntimeException {
    private final Duration limit;

    AttemptTimeout(Duration limit) {
        super("no answer within " + limit.toMillis() + "ms", null, false, false);
        this.limit = limit;
    }

    Duration limit() {
        return limit;
    }
}
