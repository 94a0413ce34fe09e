package dev.moniker.attempt;

import dev.moniker.wire.UpstreamReply;
import dev.moniker.routing.Condition;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * A classified failed attempt.
 *
 * @param condition  what it was (decides whether the next step runs)
 * @param status     the provider's HTTP status, or the status the gateway reports for a failure without one
 *                   (504 timeout, 502 unreachable, 503 endpoint out of rotation)
 * @param cause      short human-readable cause, naming no URL or key
 * @param retryAfter the provider's {@code Retry-After}, if it sent one
 * @param reply      the provider's answer, when there was one (relayed as is for a caller fault)
 * @param alsoCounts further conditions this failure counts as for fallback conditions: a target skipped because it
 *                   is out of rotation counts as what put it there, and as {@code unavailable}
 * @param skipped    why the target was not tried at all ({@code cooling down after 429}, {@code breaker open
 *                   after timeout}), or {@code null} when it was tried
 */
public record Failure(Condition condition, int status, String cause, Optional<Duration> retryAfter,
                      Optional<UpstreamReply> reply, Set<Condition> alsoCounts, String skipped) {

    public Failure {
        alsoCounts = Set.copyOf(alsoCounts);
    }

    /** A failure of a target that was tried. */
    public Failure(Condition condition, int status, String cause, Optional<Duration> retryAfter,
                   Optional<UpstreamReply> reply) {
        this(condition, status, cause, retryAfter, reply, Set.of(), null);
    }

    static Failure without(Condition condition, int status, String cause) {
        return new Failure(condition, status, cause, Optional.empty(), Optional.empty());
    }

    /** Every condition this failure counts as, for the next step's conditions. */
    public Set<Condition> conditions() {
        if (alsoCounts.isEmpty()) {
            return Set.of(condition);
        }
        Set<Condition> all = EnumSet.of(condition);
        all.addAll(alsoCounts);
        return all;
    }

    /** Thrown inside an endpoint's guard so that its circuit breaker sees an HTTP failure as a failure. */
    public static final class Raised extends RuntimeException {
        final Failure failure;

        public Raised(Failure failure) {
            super(failure.cause(), null, false, false);
            this.failure = failure;
        }

        public Failure failure() {
            return failure;
        }
    }
}
