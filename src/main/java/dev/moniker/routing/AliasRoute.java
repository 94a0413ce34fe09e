package dev.moniker.routing;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A validated alias: the name clients use and its attempt plan (alias chains already followed, fallbacks that
 * name other aliases already expanded).
 *
 * @param name       the alias
 * @param steps      the alias's own target first, then its fallback steps in order
 * @param maxLatency {@code guardrails.max_latency}: bound of each attempt (first byte of a stream, whole answer
 *                   otherwise)
 */
public record AliasRoute(String name, List<FallbackStep> steps, Optional<Duration> maxLatency) {

    public AliasRoute {
        steps = List.copyOf(steps);
    }

    /** A plain alias: one target, no fallbacks. */
    public AliasRoute(String name, Target target) {
        this(name, List.of(FallbackStep.primary(new Selector.Single(target))), Optional.empty());
    }

    /** The first model of the alias's own target (the one a request reaches when nothing fails). */
    public Target target() {
        return steps.get(0).selector().targets().get(0);
    }
}
