package dev.moniker.attempt;

import java.util.Optional;

import dev.moniker.routing.Target;

/**
 * A target picked for one attempt.
 *
 * @param target   what to call
 * @param endpoint {@code #n} (1-based position in a load-balanced pool) or empty: tells endpoints apart in headers
 *                 and metrics without naming their URL
 * @param canary   the canary arm this attempt is, when its split has a {@code canary} block: its outcome is recorded
 */
public record Choice(Target target, String endpoint, Optional<Canaries.Watched> canary) {

    public Choice(Target target, String endpoint) {
        this(target, endpoint, Optional.empty());
    }

    public String label() {
        return target.displayName() + endpoint;
    }
}
