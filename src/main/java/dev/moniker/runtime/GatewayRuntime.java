package dev.moniker.runtime;

import dev.moniker.attempt.AttemptLoop;
import dev.moniker.attempt.AttemptMetrics;
import dev.moniker.attempt.Canaries;
import dev.moniker.attempt.EndpointHealth;
import dev.moniker.attempt.FailureClassifier;
import dev.moniker.attempt.QuotaBackoff;
import dev.moniker.attempt.TargetChooser;
import dev.moniker.conversation.ConversationStore;
import dev.moniker.conversation.MemoryConversationStore;
import dev.moniker.conversation.PostgresConversationStore;
import dev.moniker.conversation.StorageSettings;
import dev.moniker.config.ValidatedConfig;
import dev.moniker.guardrail.GuardrailMetrics;
import dev.moniker.guardrail.GuardrailRules;
import dev.moniker.guardrail.GuardrailStages;
import dev.moniker.limit.Counters;
import dev.moniker.limit.Limiter;
import dev.moniker.limit.Limits;
import dev.moniker.limit.LocalCounters;
import dev.moniker.limit.RedisCounters;
import dev.moniker.limit.StreamCount;
import dev.moniker.provider.PoolSettings;
import dev.moniker.provider.UpstreamClients;
import dev.moniker.routing.RoutingTable;
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
 * The gateway's run-time state: one {@link Snapshot}, built from the validated configuration, behind one atomic
 * reference. Requests read {@link #current()} once. A reload ({@link #swap}) builds a new snapshot over the same
 * connection pools, carrying over the health and circuit breakers of the endpoints it keeps (keyed by stable
 * names), and swaps it in; requests already running finish on the snapshot they started with.
 */
@Startup
@ApplicationScoped
public class GatewayRuntime {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(GatewayRuntime.class);

    private final AtomicReference<Snapshot> current = new AtomicReference<>();
    private final Breakers breakers;
    private final AttemptMetrics metrics;
    private final GuardrailStages guardrails;
    private final Instance<StageSource> stageSources;
    private final Translations translations;
    private final BreakerGauges gauges;
    /** Streams open, gateway-wide and per key: kept across reloads, so a reload never frees a slot in use. */
    private final StreamCount streams;
    private final Map<String, java.util.concurrent.atomic.AtomicLong> keyStreams =
            new java.util.concurrent.ConcurrentHashMap<>();
    /** Canary arms' records: kept across reloads, so a reload does not restore a rolled-back arm early. */
    private final Canaries canaries;
    /** How long a provider's 429 without Retry-After cools its endpoint down. */
    private final QuotaBackoff quotaBackoff;
    private final MeterRegistry registry;
    /** Usage counted against limits in memory; kept across reloads, so a reload does not refill a spent budget. */
    private final Counters local = new LocalCounters(System::currentTimeMillis);
    private final Vertx vertx;
    /** The counters in use and the store they are for; replaced only when a reload names another store. */
    private Counters counters = local;
    private Limits.Store store = Limits.Store.MEMORY;

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
                   @ConfigProperty(name = "moniker.breaker.delay", defaultValue = "10s") Duration delay,
                   @ConfigProperty(name = "moniker.limits.max-streams", defaultValue = "1000") int maxStreams,
                   @ConfigProperty(name = "moniker.responses.max-stored", defaultValue = "10000") int maxStored,
                   @ConfigProperty(name = "moniker.responses.retention", defaultValue = "24h") Duration retention,
                   @ConfigProperty(name = "moniker.responses.store-timeout", defaultValue = "2s") Duration storeTimeout,
                   @ConfigProperty(name = "moniker.metrics.stream-usage", defaultValue = "true") boolean streamUsage,
                   @ConfigProperty(name = "moniker.cooldown.quota-first", defaultValue = "1s") Duration quotaFirst,
                   @ConfigProperty(name = "moniker.cooldown.quota-max", defaultValue = "30s") Duration quotaMax) {
        this.quotaBackoff = new QuotaBackoff(quotaFirst, quotaMax);
        this.memoryConversations = new MemoryConversationStore(maxStored, retention, Clock.systemUTC());
        this.retention = retention;
        this.storeTimeout = storeTimeout;
        this.breakers = new Breakers(requestVolume, failureRatio, delay);
        this.metrics = new AttemptMetrics(registry);
        this.guardrails = new GuardrailStages(new GuardrailMetrics(registry));
        this.stageSources = stageSources;
        this.translations = new Translations(defaultMaxTokens, Clock.systemUTC(), new LocalTokenCounter(),
                streamUsage);
        this.gauges = new BreakerGauges(registry, metrics);
        this.canaries = new Canaries(System::nanoTime, metrics);
        this.streams = new StreamCount(maxStreams);
        io.micrometer.core.instrument.Gauge.builder("moniker.streams.active", streams::open)
                .description("Streams being relayed now").register(registry);
        this.registry = registry;
        this.vertx = vertx;
        ValidatedConfig validated = config.validated();
        UpstreamClients clients = new UpstreamClients(validated.routingTable().clientUpstreams(), vertx,
                new PoolSettings(connectTimeout, readTimeout, stallTimeout, poolWait, maxConnections, maxWaiting, idle),
                anthropicVersion);
        current.set(build(validated, clients, null, 1));
    }

    /** The snapshot in force; read it once per request. */
    public Snapshot current() {
        return current.get();
    }

    /**
     * Serves {@code config} from now on: builds its snapshot (reusing the connection pools, and the health of the
     * endpoints it keeps) and swaps it in. Requests in flight keep the snapshot they read. Not on an event loop:
     * building may load a tokenizer.
     *
     * @return the new snapshot's generation
     */
    public synchronized long swap(ValidatedConfig config) {
        Snapshot previous = current.get();
        Snapshot next = build(config, previous.clients().reconfigured(config.routingTable().clientUpstreams()),
                previous.health(), previous.generation() + 1);
        current.set(next);
        return next.generation();
    }

    /** Responses API conversations kept in this process, across reloads. */
    private final ConversationStore memoryConversations;
    private final Duration retention;
    private final Duration storeTimeout;
    /** The conversation store in use, and the settings it was built for. */
    private ConversationStore conversations;
    private StorageSettings storage;

    /**
     * The conversation store for {@code wanted}: the same as before when {@code state_storage} did not change; a
     * PostgreSQL store replaced by a reload is closed a while later, once requests that use it are done.
     */
    private ConversationStore conversations(StorageSettings wanted) {
        if (wanted.equals(storage)) {
            return conversations;
        }
        ConversationStore previous = conversations;
        conversations = wanted.postgresUrl().isPresent() ? new PostgresConversationStore(vertx,
                wanted.postgresUrl().get(), retention, storeTimeout, Clock.systemUTC()) : memoryConversations;
        storage = wanted;
        if (previous != null && previous != memoryConversations) {
            vertx.setTimer(60_000, id -> previous.close());
        }
        LOG.infof("responses store: %s", wanted);
        return conversations;
    }

    @PreDestroy
    void close() {
        current.get().clients().close();
        current.get().conversations().close();
        if (counters instanceof RedisCounters redis) {
            redis.close();
        }
    }

    private Snapshot build(ValidatedConfig config, UpstreamClients clients, EndpointHealth previous, long generation) {
        RoutingTable table = config.routingTable();
        EndpointHealth health = new EndpointHealth(table.clientUpstreams(), System::nanoTime,
                upstream -> onChange -> breakers.guard(Breakers.nameOf(upstream), upstream, onChange,
                        config.breakers().get(upstream.id())),
                upstream -> config.breakers().get(upstream.id()), previous);
        TargetChooser chooser = new TargetChooser(ThreadLocalRandom.current(), health, metrics, canaries);
        gauges.register(table, health, chooser);
        AttemptLoop loop = new AttemptLoop(chooser, health, new FailureClassifier(), metrics, System::nanoTime,
                canaries, quotaBackoff);
        return new Snapshot(table, clients, health, loop, translations, stages(config), config.clientKeys(),
                new Limiter(config.limits(), counters(config.limits().store()), registry, config.prices(), streams, keyStreams),
                conversations(config.storage()), generation);
    }

    /**
     * The counters for {@code wanted}: the same as before when the store did not change (a reload keeps what was
     * counted); a Redis store replaced by a reload is closed a while later, once requests that use it are done.
     */
    private Counters counters(Limits.Store wanted) {
        if (wanted.equals(store)) {
            return counters;
        }
        Counters previous = counters;
        counters = wanted.shared() ? new RedisCounters(vertx, wanted.url().get(), wanted.timeout(),
                System::currentTimeMillis) : local;
        store = wanted;
        if (previous instanceof RedisCounters redis) {
            vertx.setTimer(60_000, id -> redis.close());
        }
        LOG.infof("limit counters: %s", wanted);
        return counters;
    }

    /** Each plan's stages: its guardrails (and the listener-wide prompt guard), then every stage source's. */
    private Map<String, StagePlan> stages(ValidatedConfig config) {
        List<String> plans = new ArrayList<>(config.routingTable().aliases().keySet());
        plans.add(RoutingTable.NO_ALIAS);
        Map<String, StagePlan> result = new HashMap<>();
        for (String plan : plans) {
            GuardrailRules rules = config.guardrails().getOrDefault(plan, GuardrailRules.NONE)
                    .withGuardMessage(config.promptGuard());
            List<StageFactory> factories = new ArrayList<>(guardrails.forPlan(plan, rules, config.prices()));
            for (StageSource source : stageSources) {
                factories.addAll(source.stagesFor(plan));
            }
            if (!factories.isEmpty()) {
                result.put(plan, new StagePlan(factories));
            }
        }
        return result;
    }
}
