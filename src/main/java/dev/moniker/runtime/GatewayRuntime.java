package dev.moniker.runtime;

import dev.moniker.attempt.AttemptLoop;
import dev.moniker.attempt.EndpointHealth;
import dev.moniker.attempt.FailureClassifier;
import dev.moniker.attempt.AttemptMetrics;
import dev.moniker.attempt.TargetChooser;
import dev.moniker.config.ValidatedConfig;
import dev.moniker.guardrail.GuardrailMetrics;
import dev.moniker.guardrail.GuardrailRules;
import dev.moniker.guardrail.GuardrailStages;
import dev.moniker.provider.PoolSettings;
import dev.moniker.provider.Upstream;
import dev.moniker.provider.UpstreamClients;
import dev.moniker.routing.Plan;
import dev.moniker.routing.FallbackStep;
import dev.moniker.routing.RoutingTable;
import dev.moniker.routing.Selector;
import dev.moniker.routing.Target;
import dev.moniker.stage.StageFactory;
import dev.moniker.stage.StagePlan;
import dev.moniker.stage.StageSource;
import dev.moniker.translate.Translations;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.vertx.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The gateway's run-time state: one {@link Snapshot}, built from the validated configuration at start-up, behind one
 * atomic reference. Requests read {@link #current()} once; a reload (later) builds a new snapshot, carrying over the
 * health of endpoints it keeps (they are keyed by stable names), and swaps it in.
 */
@Startup
@ApplicationScoped
public class GatewayRuntime {

    private final AtomicReference<Snapshot> current = new AtomicReference<>();

    GatewayRuntime(GatewayConfig config, Vertx vertx, MeterRegistry registry, Instance<StageSource> stageSources,
                   @ConfigProperty(name = "moniker.upstream.connect-timeout") Duration connectTimeout,
                   @ConfigProperty(name = "moniker.upstream.read-timeout") Duration readTimeout,
                   @ConfigProperty(name = "moniker.upstream.stall-timeout") Duration stallTimeout,
                   @ConfigProperty(name = "moniker.upstream.pool-wait-timeout") Duration poolWait,
                   @ConfigProperty(name = "moniker.upstream.max-connections-per-host") int maxConnections,
                   @ConfigProperty(name = "moniker.upstream.max-waiting-requests") int maxWaiting,
                   @ConfigProperty(name = "moniker.upstream.idle-connection-timeout") Duration idle,
                   @ConfigProperty(name = "moniker.anthropic.version", defaultValue = "2023-06-01") String anthropicVersion,
                   @ConfigProperty(name = "moniker.anthropic.default-max-tokens", defaultValue = "4096") int defaultMaxTokens,
                   @ConfigProperty(name = "moniker.breaker.request-volume", defaultValue = "4") int requestVolume,
                   @ConfigProperty(name = "moniker.breaker.failure-ratio", defaultValue = "0.5") double failureRatio,
                   @ConfigProperty(name = "moniker.breaker.delay", defaultValue = "10s") Duration delay) {
        RoutingTable table = config.routingTable();
        UpstreamClients clients = new UpstreamClients(table.clientUpstreams(), vertx,
                new PoolSettings(connectTimeout, readTimeout, stallTimeout, poolWait, maxConnections, maxWaiting, idle),
                anthropicVersion);
        Breakers breakers = new Breakers(requestVolume, failureRatio, delay);
        EndpointHealth health = new EndpointHealth(table.clientUpstreams(), System::nanoTime,
                upstream -> onChange -> breakers.guard(Breakers.nameOf(upstream), upstream, onChange));
        AttemptMetrics metrics = new AttemptMetrics(registry);
        registerBreakerGauges(table, health, metrics);
        AttemptLoop loop = new AttemptLoop(new TargetChooser(ThreadLocalRandom.current(), health, metrics), health,
                new FailureClassifier(), metrics, System::nanoTime);
        GuardrailStages guardrails = new GuardrailStages(new GuardrailMetrics(registry));
        current.set(new Snapshot(table, clients, health, loop, new Translations(defaultMaxTokens, Clock.systemUTC()),
                stages(config.validated(), guardrails, stageSources), config.validated().clientKeys()));
    }

    /** The snapshot in force; read it once per request. */
    public Snapshot current() {
        return current.get();
    }

    @PreDestroy
    void close() {
        current.get().clients().close();
    }

    /** Each plan's stages: its guardrails (and the listener-wide prompt guard), then every stage source's. */
    private static Map<String, StagePlan> stages(ValidatedConfig config, GuardrailStages guardrails,
                                                 Instance<StageSource> sources) {
        List<String> plans = new ArrayList<>(config.routingTable().aliases().keySet());
        plans.add(RoutingTable.NO_ALIAS);
        Map<String, StagePlan> result = new HashMap<>();
        for (String plan : plans) {
            GuardrailRules rules = config.guardrails().getOrDefault(plan, GuardrailRules.NONE)
                    .withGuardMessage(config.promptGuard());
            List<StageFactory> factories = new ArrayList<>(guardrails.forPlan(plan, rules));
            for (StageSource source : sources) {
                factories.addAll(source.stagesFor(plan));
            }
            if (!factories.isEmpty()) {
                result.put(plan, new StagePlan(factories));
            }
        }
        return result;
    }

    private static void registerBreakerGauges(RoutingTable table, EndpointHealth health, AttemptMetrics metrics) {
        for (Upstream upstream : table.upstreams()) { // the configured entries; pool endpoints below
            EndpointHealth.State state = health.state(upstream);
            metrics.breakerState(RoutingTable.NO_ALIAS, upstream.name().orElse(upstream.qualifiedModel()),
                    RoutingTable.NO_ALIAS, () -> gaugeValue(state));
        }
        for (Plan alias : table.aliases().values()) {
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

    private static int gaugeValue(EndpointHealth.State state) {
        return switch (state.breakerState()) {
            case CLOSED -> 0;
            case HALF_OPEN -> 1;
            case OPEN -> 2;
        };
    }
}
