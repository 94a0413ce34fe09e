package dev.moniker.routing;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The attempt plan of an alias (alias chains already followed, fallbacks that name other aliases already
 * expanded), or of a request that named a provider model (one step, named {@link RoutingTable#NO_ALIAS}).
 *
 * @param name       the alias, or {@code "-"}
 * @param steps      the alias's own target first, then its fallback steps in order
 * @param maxLatency {@code guardrails.max_latency}: bound of each attempt (first byte of a stream, whole answer
 *                   otherwise)
 */
public record Plan(String name, List<FallbackStep> steps, Optional<Duration> maxLatency) {

    public Plan {
        steps = List.copyOf(steps);
    }

    /** A plain alias: one target, no fallbacks. */
    public Plan(String name, Target target) {
        this(name, List.of(FallbackStep.primary(new Selector.Single(target))), Optional.empty());
    }

    /** Every target any step can call (its own, split arms, pool endpoints, fallbacks), in plan order. */
    public List<Target> targets() {
        return steps.stream().flatMap(step -> step.selector().targets().stream()).toList();
    }

    /** The first model of the alias's own target (the one a request reaches when nothing fails). */
    public Target target() {
        return steps.get(0).selector().targets().get(0);
    }
}
