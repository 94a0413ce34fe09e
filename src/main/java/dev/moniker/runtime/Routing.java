package dev.moniker.runtime;

import dev.moniker.attempt.Answer;
import dev.moniker.attempt.AttemptCancelled;
import dev.moniker.attempt.AttemptLoop;
import dev.moniker.attempt.EndpointHealth;
import dev.moniker.attempt.Failure;
import dev.moniker.attempt.FailureClassifier;
import dev.moniker.attempt.RoutingMetrics;
import dev.moniker.attempt.TargetChooser;
import dev.moniker.provider.Upstream;
import dev.moniker.provider.UpstreamFailure;
import dev.moniker.routing.AliasRoute;
import dev.moniker.routing.Condition;
import dev.moniker.routing.FallbackStep;
import dev.moniker.routing.RoutingTable;
import dev.moniker.routing.Selector;
import dev.moniker.routing.Target;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.faulttolerance.api.Guard;
import io.smallrye.mutiny.Uni;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.util.TypeLiteral;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * Builds the routing machinery once at start-up: one SmallRye Fault Tolerance guard (circuit breaker) per provider
 * entry and pool endpoint, the target chooser and the attempt loop. Annotations cannot express a chain read from
 * YAML at run time, so the guards are programmatic and the chain is {@link AttemptLoop}'s explicit loop.
 */
@Startup
@ApplicationScoped
public class Routing {

    private static final TypeLiteral<Uni<Answer>> ANSWER = new TypeLiteral<>() {
    };

    private final AttemptLoop loop;
    private final EndpointHealth health;

    Routing(GatewayConfig config, MeterRegistry registry,
            @ConfigProperty(name = "moniker.breaker.request-volume", defaultValue = "4") int requestVolume,
            @ConfigProperty(name = "moniker.breaker.failure-ratio", defaultValue = "0.5") double failureRatio,
            @ConfigProperty(name = "moniker.breaker.delay", defaultValue = "10s") Duration delay) {
        RoutingTable table = config.routingTable();
        List<Upstream> upstreams = table.clientUpstreams();
        RoutingMetrics metrics = new RoutingMetrics(registry);
        this.health = new EndpointHealth(upstreams, System::nanoTime,
                upstream -> onChange -> guard(upstream, upstreams.indexOf(upstream), onChange,
                        requestVolume, failureRatio, delay));
        registerBreakerGauges(table, metrics);
        FailureClassifier classifier = new FailureClassifier();
        this.loop = new AttemptLoop(new TargetChooser(ThreadLocalRandom.current(), health, metrics), health,
                classifier, metrics, System::nanoTime);
    }

    public AttemptLoop loop() {
        return loop;
    }

    public EndpointHealth health() {
        return health;
    }

    static EndpointHealth.Guard guard(Upstream upstream, int index, Consumer<CircuitBreakerState> onChange,
                                              int requestVolume, double failureRatio, Duration delay) {
        Guard guard = Guard.create()
                .withDescription("provider entry " + upstream.id())
                .withCircuitBreaker()
                    .name("moniker-endpoint-" + index)
                    .requestVolumeThreshold(requestVolume)
                    .failureRatio(failureRatio)
                    .delay(delay.toMillis(), ChronoUnit.MILLIS)
                    .successThreshold(1)
                    .when(Routing::countsAgainstEndpoint)
                    .onStateChange(onChange)
                    .done()
                .withThreadOffload(false)
                .build();
        return attempt -> guard.get(attempt, ANSWER);
    }

    private static int gaugeValue(EndpointHealth.State state) {
        return switch (state.breakerState()) {
            case CLOSED -> 0;
            case HALF_OPEN -> 1;
            case OPEN -> 2;
        };
    }

    /**
     * What opens a breaker: the endpoint failing; not the caller (a 400 or 401, a caller who left) nor the gateway's
     * own connection limits. What does not count, SmallRye Fault Tolerance counts as a success.
     */
    static boolean countsAgainstEndpoint(Throwable error) {
        if (error instanceof AttemptCancelled
                || error instanceof UpstreamFailure upstream && upstream.kind() == UpstreamFailure.Kind.BUSY) {
            return false;
        }
        if (error instanceof Failure.Raised raised) {
            Condition condition = raised.failure().condition();
            return condition == Condition.SERVER_ERROR || condition == Condition.UNAVAILABLE
                    || condition == Condition.TIMEOUT;
        }
        return true; // no HTTP answer: unreachable or too slow
    }

    private void registerBreakerGauges(RoutingTable table, RoutingMetrics metrics) {
        for (Upstream upstream : table.upstreams()) { // the configured entries; pool endpoints below
            EndpointHealth.State state = health.state(upstream);
            metrics.breakerState(RoutingTable.NO_ALIAS, upstream.name().orElse(upstream.qualifiedModel()),
                    RoutingTable.NO_ALIAS, () -> gaugeValue(state));
        }
        for (AliasRoute alias : table.aliases().values()) {
            for (FallbackStep step : alias.steps()) {
                if (step.selector() instanceof Selector.Pool pool) {
                    for (int i = 0; i < pool.endpoints().size(); i++) {
                        Target endpoint = pool.endpoints().get(i);
                        EndpointHealth.State state = health.state(endpoint.upstream());
                        metrics.breakerState(alias.name(), endpoint.displayName(), "#" + (i + 1),
                                () -> gaugeValue(state));
                    }
                }
            }
        }
    }
}
