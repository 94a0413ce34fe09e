package dev.moniker.attempt;

import java.time.Duration;

/**
 * How long a {@code 429} without {@code Retry-After} takes its endpoint out of rotation: {@code first}, doubled for
 * each such answer in a row (an answer that is not a 429 starts the count again), at most {@code max}. A provider
 * that says how long to wait is believed instead; the gateway's own rate limits never cool an endpoint down, since
 * they refuse one budget, not the provider.
 */
public record QuotaBackoff(Duration first, Duration max) {

    /** No cooldown without {@code Retry-After}. */
    public static final QuotaBackoff NONE = new QuotaBackoff(Duration.ZERO, Duration.ZERO);

    public QuotaBackoff {
        if (first.isNegative() || max.compareTo(first) < 0) {
            throw new IllegalArgumentException("a quota backoff needs 0 <= first <= max, not " + first + ", " + max);
        }
    }

    /** The cooldown after the {@code inARow}-th 429 without {@code Retry-After} in a row (1 for the first). */
    public Duration after(int inARow) {
        if (first.isZero()) {
            return Duration.ZERO;
        }
        int doublings = Math.min(Math.max(0, inARow - 1), 30);
        long nanos = first.toNanos() << doublings;
        return nanos <= 0 || nanos > max.toNanos() ? max : Duration.ofNanos(nanos);
    }
}
