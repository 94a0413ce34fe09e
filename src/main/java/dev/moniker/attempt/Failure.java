package dev.moniker.attempt;

import dev.moniker.wire.UpstreamReply;
import dev.moniker.routing.Condition;

import java.time.Duration;
import java.util.Optional;

/**
 * A classified failed attempt.
 *
 * @param condition  what it was (decides whether the next step runs)
 * @param status     the provider's HTTP status, or the status the gateway reports for a failure without one
 *                   (504 timeout, 502 unreachable, 503 endpoint out of rotation)
 * @param cause      short human-readable cause, naming no URL or key
 * @param retryAfter the provider's {@code Retry-After}, if it sent one
 * @param reply      the provider's answer, when there was one (relayed as is for a caller fault)
 */
public record Failure(Condition condition, int status, String cause, Optional<Duration> retryAfter,
                      Optional<UpstreamReply> reply) {

    static Failure without(Condition condition, int status, String cause) {
        return new Failure(condition, status, cause, Optional.empty(), Optional.empty());
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
