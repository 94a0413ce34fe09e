package dev.moniker.attempt;

/**
 * Ends a guarded attempt whose caller went away: the provider call has been cancelled. Not the endpoint's fault, so
 * its circuit breaker does not count it as one (SmallRye Fault Tolerance counts it as a success), and it frees a
 * half-open breaker's probe slot, which a call that never ended would hold for good.
 */
public final class AttemptCancelled extends RuntimeException {
    AttemptCancelled() {
        super("the caller went away", null, false, false);
    }
}
