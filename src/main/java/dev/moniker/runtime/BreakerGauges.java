package dev.moniker.runtime;

import dev.moniker.attempt.AttemptMetrics;
import dev.moniker.attempt.EndpointHealth;
import dev.moniker.attempt.TargetChooser;
import dev.moniker.provider.Upstream;
import dev.moniker.routing.FallbackStep;
import dev.moniker.routing.Plan;
import dev.moniker.routing.RoutingTable;
import dev.moniker.routing.Selector;
import dev.moniker.routing.Target;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.ArrayList;
import java.util.List;

/**
 * The routing gauges of the snapshot in force: {@code moniker_endpoint_breaker_state}, one per configured entry and
 * pool endpoint, and {@code moniker_split_arm_effective_weight}, one per split arm. A reload replaces them, so an
 * entry that went away stops being reported and one that came is.
 */
final class BreakerGauges {

    private final MeterRegistry registry;
    private final AttemptMetrics metrics;
    private List<Meter> registered = List.of();

    BreakerGauges(MeterRegistry registry, AttemptMetrics metrics) {
        this.registry = registry;
        this.metrics = metrics;
    }

    synchronized void register(RoutingTable table, EndpointHealth health, TargetChooser chooser) {
        registered.forEach(registry::remove);
        List<Meter> gauges = new ArrayList<>();
        for (Upstream upstream : table.upstreams()) { // the configured entries; pool endpoints below
            EndpointHealth.State state = health.state(upstream);
            gauges.add(metrics.breakerState(RoutingTable.NO_ALIAS, upstream.name().orElse(upstream.qualifiedModel()),
                    RoutingTable.NO_ALIAS, () -> value(state)));
        }
        for (Plan alias : table.aliases().values()) {
            for (FallbackStep step : alias.steps()) {
                if (step.selector() instanceof Selector.Split split) {
                    for (Selector.Arm arm : split.arms()) {
                        gauges.add(metrics.armWeight(alias.name(), arm.target().displayName(),
                                () -> chooser.inRotation(alias.name(), split, arm) ? arm.weight() : 0));
                    }
                }
                if (step.selector() instanceof Selector.Pool pool) {
                    for (int i = 0; i < pool.endpoints().size(); i++) {
                        Target endpoint = pool.endpoints().get(i);
                        EndpointHealth.State state = health.state(endpoint.upstream());
                        gauges.add(metrics.breakerState(alias.name(), endpoint.displayName(), "#" + (i + 1),
                                () -> value(state)));
                    }
                }
            }
        }
        registered = gauges;
    }

    private static int value(EndpointHealth.State state) {
        return switch (state.breakerState()) {
            case CLOSED -> 0;
            case HALF_OPEN -> 1;
            case OPEN -> 2;
        };
    }
}
