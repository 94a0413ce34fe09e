package dev.moniker.attempt;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

import java.util.function.Supplier;

/**
 * Routing counters. Tags carry alias and model display names ({@code openai/gpt-4o-mini}) and pool positions
 * ({@code #2}) only: never keys or URLs.
 *
 * <ul>
 *   <li>{@code moniker.routing.attempts{alias,model,outcome}}: every attempt; outcome {@code ok} or a condition
 *       ({@code quota_exceeded}, {@code timeout}, ..., {@code caller_fault})</li>
 *   <li>{@code moniker.routing.fallbacks{alias,model}}: fallback steps taken, tagged with the step's model</li>
 *   <li>{@code moniker.routing.split.arm{alias,model}}: split arm chosen</li>
 *   <li>{@code moniker.routing.endpoint.picked{alias,model,endpoint}}: pool endpoint picked first</li>
 *   <li>{@code moniker.endpoint.breaker.state{alias,model,endpoint}}: gauge, 0 closed, 1 half-open, 2 open;
 *       one per configured provider entry ({@code alias} and {@code endpoint} "-", {@code model} its instance name
 *       or {@code provider/model}) and one per pool endpoint</li>
 * </ul>
 */
public final class AttemptMetrics {

    private final MeterRegistry registry;

    public AttemptMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void attempt(String alias, String model, String outcome) {
        registry.counter("moniker.routing.attempts", Tags.of("alias", alias, "model", model, "outcome", outcome))
                .increment();
    }

    void fallback(String alias, String model) {
        registry.counter("moniker.routing.fallbacks", Tags.of("alias", alias, "model", model)).increment();
    }

    void splitArm(String alias, String model) {
        registry.counter("moniker.routing.split.arm", Tags.of("alias", alias, "model", model)).increment();
    }

    void endpointPicked(String alias, String model, String endpoint) {
        registry.counter("moniker.routing.endpoint.picked",
                Tags.of("alias", alias, "model", model, "endpoint", endpoint)).increment();
    }

    void canaryRolledBack(String alias, String model) {
        registry.counter("moniker.canary.rollbacks", Tags.of("alias", alias, "model", model)).increment();
    }

    /** A split arm's weight now: its configured weight, or 0 while its breaker, a cooldown or a rollback holds it out. */
    public Gauge armWeight(String alias, String model, Supplier<Number> weight) {
        return Gauge.builder("moniker.split.arm.effective.weight", weight)
                .tags(Tags.of("alias", alias, "model", model)).strongReference(true).register(registry);
    }

    public Gauge breakerState(String alias, String model, String endpoint, Supplier<Number> state) {
        return Gauge.builder("moniker.endpoint.breaker.state", state)
                .tags(Tags.of("alias", alias, "model", model, "endpoint", endpoint))
                .strongReference(true).register(registry);
    }
}
