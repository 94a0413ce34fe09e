package dev.moniker.attempt;

import dev.moniker.routing.Target;

/**
 * A target picked for one attempt.
 *
 * @param target   what to call
 * @param endpoint {@code #n} (1-based position in a load-balanced pool) or empty: tells endpoints apart in headers
 *                 and metrics without naming their URL
 */
public record Choice(Target target, String endpoint) {

    public String label() {
        return target.displayName() + endpoint;
    }
}
