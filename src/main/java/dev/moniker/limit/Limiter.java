package dev.moniker.limit;

import dev.moniker.cost.Prices;
import dev.moniker.stage.AttemptTarget;
import dev.moniker.wire.GatewayError;
import dev.moniker.wire.view.Usage;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;

import java.util.LinkedHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Enforces a configuration's {@link Limits} over a {@link Counters} store:
 *
 * <ul>
 *   <li>before the attempt loop, a client key's {@code requests_per_minute} (each request counts one) and
 *       {@code tokens_per_minute} (refused once the minute's tokens are spent);</li>
 *   <li>before each attempt, archgw's {@code ratelimits} that cover its target: refused once the window's tokens for
 *       the selector's value are spent. The refusal is a 429, so a fallback on {@code quota_exceeded} still runs;</li>
 *   <li>after the answer, its tokens (input and output, as reported) are counted against both.</li>
 * </ul>
 * Token limits are checked against what was already used, so the request that spends the last of a budget is served
 * in full: a budget can be overrun by one request's tokens per replica.
 */
public final class Limiter {

    private static final Logger LOG = Logger.getLogger(Limiter.class);

    private static final long WARN_EVERY_MILLIS = 10_000;

    /** Spend is counted in millionths of a dollar, so a counter stays a whole number. */
    private static final double MICRO = 1_000_000d;

    private final Limits limits;
    private final Counters counters;
    private final MeterRegistry registry;
    private final Prices prices;
    private final java.util.concurrent.atomic.AtomicLong lastWarning = new java.util.concurrent.atomic.AtomicLong();

    private final StreamCount gatewayStreams;
    /** Streams open per key in this replica; kept by the runtime across reloads like the gateway's count. */
    private final Map<String, java.util.concurrent.atomic.AtomicLong> keyStreams;

    /** @param prices what answers cost, for {@code max_cost_per_day} */
    public Limiter(Limits limits, Counters counters, MeterRegistry registry, Prices prices) {
        this(limits, counters, registry, prices, new StreamCount(Integer.MAX_VALUE), new ConcurrentHashMap<>());
    }

    /**
     * @param gatewayStreams the streams this gateway serves at once, and its limit
     * @param keyStreams     the streams open per client key
     */
    public Limiter(Limits limits, Counters counters, MeterRegistry registry, Prices prices, StreamCount gatewayStreams,
                   Map<String, java.util.concurrent.atomic.AtomicLong> keyStreams) {
        this.limits = limits;
        this.counters = counters;
        this.registry = registry;
        this.prices = prices;
        this.gatewayStreams = gatewayStreams;
        this.keyStreams = keyStreams;
    }

    /**
     * The store did not answer: admit without counting ({@code on_store_error: allow}, the default), or refuse with
     * a 503 ({@code deny}); counted in {@code moniker_limits_store_errors_total} and logged, at most every 10 s.
     */
    private Optional<Refusal> storeFailed(Throwable failure) {
        registry.counter("moniker.limits.store.errors").increment();
        long now = System.currentTimeMillis();
        long last = lastWarning.get();
        if (now - last >= WARN_EVERY_MILLIS && lastWarning.compareAndSet(last, now)) {
            LOG.warnf("limits store unavailable (%s): %s", failure.getMessage(),
                    limits.store().denyOnStoreError() ? "refusing limited requests" : "admitting without counting");
        }
        if (!limits.store().denyOnStoreError()) {
            return Optional.empty();
        }
        return Optional.of(new Refusal(new GatewayError(503, "api_error", "limits_store_unavailable", null,
                "The gateway cannot check this request's limits now (its limits store is unavailable); try again "
                        + "shortly"), Map.of("retry-after", "1")));
    }

    /**
     * A slot for one stream: the key's {@code max_concurrent_streams} (in this replica) and the gateway's own
     * {@code streams} limit; completes with the refusal, or with what frees the slot when the stream is over.
     */
    public StreamSlot openStream(String key) {
        Limits.KeyLimits own = key == null ? null : limits.keys().get(key);
        if (!gatewayStreams.tryAcquire()) {
            registry.counter("moniker.limits.refused", Tags.of("limit", "gateway_streams", "scope", "-")).increment();
            return StreamSlot.refused(new Refusal(new GatewayError(503, "api_error", "too_many_streams", null,
                    "The gateway is serving as many streams as it may (" + gatewayStreams.limit() + "); try again "
                            + "shortly"), Map.of("retry-after", "1")));
        }
        if (own == null || own.maxConcurrentStreams().isEmpty()) {
            return StreamSlot.open(gatewayStreams::release);
        }
        java.util.concurrent.atomic.AtomicLong open = keyStreams.computeIfAbsent(key,
                k -> new java.util.concurrent.atomic.AtomicLong());
        long allowed = own.maxConcurrentStreams().getAsLong();
        if (open.incrementAndGet() > allowed) {
            open.decrementAndGet();
            gatewayStreams.release();
            registry.counter("moniker.limits.refused", Tags.of("limit", "max_concurrent_streams", "scope", key))
                    .increment();
            return StreamSlot.refused(new Refusal(new GatewayError(429, "rate_limit_error", "rate_limit_exceeded", null,
                    "Rate limit reached for client key '" + key + "': " + allowed + " concurrent streams; try again "
                            + "when one ends"), Map.of("retry-after", "1")));
        }
        return StreamSlot.open(() -> {
            open.decrementAndGet();
            gatewayStreams.release();
        });
    }

    /** Whether {@code key} has budgets of its own to check before the attempt loop. */
    public boolean limits(String key) {
        return key != null && limits.keys().containsKey(key);
    }

    /** Whether any of archgw's token rules may cover an attempt. */
    public boolean hasRules() {
        return !limits.rules().isEmpty();
    }

    /**
     * Whether a request has token usage to count: its key has a token budget, or one of archgw's rules covers a
     * target its plan can call (given as each target's names).
     */
    public boolean countsTokens(String key, java.util.List<Set<String>> planTargets) {
        if (key != null && limits.keys().containsKey(key) && limits.keys().get(key).metered()) {
            return true;
        }
        return limits.rules().stream().anyMatch(rule -> planTargets.stream().anyMatch(rule::covers));
    }

    /** A client key's budgets, before the attempt loop; {@code key} is null without {@code client_keys}. */
    public Uni<Optional<Refusal>> admit(String key) {
        Limits.KeyLimits own = key == null ? null : limits.keys().get(key);
        if (own == null) {
            return Uni.createFrom().item(Optional.empty());
        }
        String who = "client key '" + key + "'";
        Uni<Optional<Refusal>> spent = own.costPerDay().isEmpty() ? Uni.createFrom().item(Optional.empty())
                : counters.read(keyCounter(key, "cost_micro_usd"), Window.DAY).map(used ->
                used >= own.costPerDay().getAsDouble() * MICRO
                        ? Optional.of(refusedSpend(key, own.costPerDay().getAsDouble())) : Optional.empty());
        Uni<Optional<Refusal>> tokens = spent.flatMap(refusal -> refusal.isPresent() || own.tokensPerMinute().isEmpty()
                ? Uni.createFrom().item(refusal)
                : counters.read(keyCounter(key, "tokens"), Window.MINUTE).map(used ->
                used >= own.tokensPerMinute().getAsLong()
                        ? Optional.of(refused("tokens_per_minute", key, "tokens", own.tokensPerMinute().getAsLong(),
                        Window.MINUTE, who)) : Optional.empty()));
        return tokens.flatMap(refusal -> {
            if (refusal.isPresent() || own.requestsPerMinute().isEmpty()) {
                return Uni.createFrom().item(refusal);
            }
            long limit = own.requestsPerMinute().getAsLong();
            return counters.add(keyCounter(key, "requests"), 1, Window.MINUTE).map(count -> count > limit
                    ? Optional.of(refused("requests_per_minute", key, "requests", limit, Window.MINUTE, who))
                    : Optional.<Refusal>empty());
        }).onFailure(StoreUnavailable.class).recoverWithItem(this::storeFailed);
    }

    /** archgw's token rules covering a target known by {@code targetNames}, before the attempt. */
    public Uni<Optional<Refusal>> attempt(Set<String> targetNames, Function<String, String> headers) {
        Uni<Optional<Refusal>> result = Uni.createFrom().item(Optional.empty());
        for (TokenRule rule : limits.rules()) {
            Optional<String> counter = rule.covers(targetNames) ? rule.counter(headers) : Optional.empty();
            if (counter.isEmpty()) {
                continue;
            }
            result = result.flatMap(refusal -> refusal.isPresent() ? Uni.createFrom().item(refusal)
                    : counters.read(counter.get(), rule.unit()).map(used -> used >= rule.tokens()
                    ? Optional.of(refused(rule.label(), rule.model(), "tokens", rule.tokens(), rule.unit(),
                    "model " + rule.model() + " (" + rule.label() + ", per " + rule.header() + ")"))
                    : Optional.<Refusal>empty()));
        }
        return result.onFailure(StoreUnavailable.class).recoverWithItem(this::storeFailed);
    }

    /**
     * Counts an answer's usage: its tokens against the key's token budget and every rule covering its target, its
     * cost (at the target's price) against the key's spend budget.
     */
    public void charge(String key, AttemptTarget target, Function<String, String> headers, Usage usage) {
        long tokens = Math.max(0, usage.inputTokens()) + Math.max(0, usage.outputTokens());
        if (tokens <= 0) {
            return;
        }
        Limits.KeyLimits own = key == null ? null : limits.keys().get(key);
        if (own != null && own.tokensPerMinute().isPresent()) {
            record(counters.add(keyCounter(key, "tokens"), tokens, Window.MINUTE));
        }
        if (own != null && own.costPerDay().isPresent()) {
            prices.of(target.entry(), target.modelId()).ifPresent(price -> record(counters.add(
                    keyCounter(key, "cost_micro_usd"),
                    Math.round(price.cost(usage.inputTokens(), usage.outputTokens()) * MICRO), Window.DAY)));
        }
        Set<String> names = UsageMeter.names(target);
        for (TokenRule rule : limits.rules()) {
            if (rule.covers(names)) {
                rule.counter(headers).ifPresent(counter -> record(counters.add(counter, tokens, rule.unit())));
            }
        }
    }

    private Refusal refusedSpend(String key, double budget) {
        registry.counter("moniker.limits.refused", Tags.of("limit", "max_cost_per_day", "scope", key)).increment();
        long resetMillis = counters.resetInMillis(Window.DAY);
        String message = String.format(java.util.Locale.ROOT, "Spend limit reached for client key '%s': $"
                + (budget < 0.01 ? "%.6f" : "%.2f") + " per day; try again in %s", key, budget, duration(resetMillis));
        return new Refusal(new GatewayError(429, "rate_limit_error", "spend_limit_exceeded", null, message),
                Map.of("retry-after", retryAfter(resetMillis)));
    }

    private void record(Uni<Long> counted) {
        counted.subscribe().with(total -> { }, this::storeFailed);
    }

    private static String keyCounter(String key, String what) {
        return "key:" + key + ":" + what;
    }

    private Refusal refused(String limit, String scope, String kind, long allowed, Window window, String who) {
        registry.counter("moniker.limits.refused", Tags.of("limit", limit, "scope", scope)).increment();
        long resetMillis = counters.resetInMillis(window);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("retry-after", retryAfter(resetMillis));
        headers.put("x-ratelimit-limit-" + kind, Long.toString(allowed));
        headers.put("x-ratelimit-remaining-" + kind, "0");
        headers.put("x-ratelimit-reset-" + kind, duration(resetMillis));
        String message = "Rate limit reached for " + who + ": " + allowed + " " + kind + " per "
                + window.configName() + "; try again in " + duration(resetMillis);
        return new Refusal(new GatewayError(429, "rate_limit_error", "rate_limit_exceeded", null, message), headers);
    }

    /** {@code retry-after}: whole seconds until the window resets, at least one. */
    private static String retryAfter(long resetMillis) {
        return Long.toString(Math.max(1, (resetMillis + 999) / 1000));
    }

    /** A wait as OpenAI writes it in {@code x-ratelimit-reset-*}: {@code 6m0s}, {@code 12s}, {@code 250ms}. */
    static String duration(long millis) {
        if (millis < 1000) {
            return millis + "ms";
        }
        long seconds = (millis + 999) / 1000;
        long hours = seconds / 3600;
        long minutes = seconds % 3600 / 60;
        long rest = seconds % 60;
        return (hours > 0 ? hours + "h" : "") + (hours > 0 || minutes > 0 ? minutes + "m" : "") + rest + "s";
    }
}
