package dev.moniker.limit;

import dev.moniker.cost.Prices;
import dev.moniker.stage.AttemptTarget;
import dev.moniker.wire.view.Usage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Budgets spent and refilled per window, per key and per selector value, with a clock the test controls. */
class LimiterTest {

    private final AtomicLong now = new AtomicLong(1_700_000_000_000L - 1_700_000_000_000L % 86_400_000L); // midnight
    private final LocalCounters counters = new LocalCounters(now::get);

    private static final AttemptTarget GPT = new AttemptTarget("openai/gpt-4o", "openai/gpt-4o", "gpt-4o", true);
    private static final AttemptTarget CLAUDE = new AttemptTarget("claude", "anthropic/claude", "claude", false);
    private static final AttemptTarget M = new AttemptTarget("m", "x/m", "m", false);

    private static Function<String, String> header(String name, String value) {
        return requested -> requested.equals(name) ? value : null;
    }

    private static boolean refused(io.smallrye.mutiny.Uni<Optional<Refusal>> check) {
        return check.await().indefinitely().isPresent();
    }

    @Test
    void requestsPerMinuteAdmitsTheLimitThenRefusesWithHeadersUntilTheNextMinute() {
        Limiter limiter = new Limiter(new Limits(Map.of("team", new Limits.KeyLimits(OptionalLong.of(3),
                OptionalLong.empty(), OptionalDouble.empty())), List.of(), Limits.Store.MEMORY), counters,
                new SimpleMeterRegistry(), Prices.LIST_ONLY);
        for (int i = 0; i < 3; i++) {
            assertFalse(refused(limiter.admit("team")), "request " + (i + 1));
        }
        now.addAndGet(45_500);
        Refusal refusal = limiter.admit("team").await().indefinitely().orElseThrow();
        assertEquals(429, refusal.error().status());
        assertEquals("rate_limit_exceeded", refusal.error().code());
        assertEquals("Rate limit reached for client key 'team': 3 requests per minute; try again in 15s",
                refusal.error().message());
        assertEquals(Map.of("retry-after", "15", "x-ratelimit-limit-requests", "3",
                "x-ratelimit-remaining-requests", "0", "x-ratelimit-reset-requests", "15s"), refusal.headers());
        assertFalse(refused(limiter.admit(null)), "no key, no key limits");
        assertFalse(refused(limiter.admit("other")), "another key is not limited");
        now.addAndGet(14_500);
        assertFalse(refused(limiter.admit("team")), "a new minute");
    }

    @Test
    void tokensPerMinuteCountWhatAnswersUsed() {
        Limiter limiter = new Limiter(new Limits(Map.of("team", new Limits.KeyLimits(OptionalLong.empty(),
                OptionalLong.of(1000), OptionalDouble.empty())), List.of(), Limits.Store.MEMORY), counters,
                new SimpleMeterRegistry(), Prices.LIST_ONLY);
        assertTrue(limiter.countsTokens("team", List.of(Set.of("m"))));
        assertFalse(limiter.countsTokens("other", List.of(Set.of("m"))));
        limiter.charge("team", M, name -> null, new Usage(500, 100));
        assertFalse(refused(limiter.admit("team")), "600 of 1000 used");
        limiter.charge("team", M, name -> null, new Usage(500, 100));
        Refusal refusal = limiter.admit("team").await().indefinitely().orElseThrow();
        assertEquals("1000", refusal.headers().get("x-ratelimit-limit-tokens"));
        now.addAndGet(60_000);
        assertFalse(refused(limiter.admit("team")));
    }

    @Test
    void archgwRulesCountPerSelectorValueOnlyForTheirModel() {
        TokenRule perTeam = new TokenRule(0, "gpt-4o", "x-team", Optional.empty(), 100, Window.HOUR);
        TokenRule onlySearch = new TokenRule(1, "claude", "x-team", Optional.of("search"), 50, Window.DAY);
        Limiter limiter = new Limiter(new Limits(Map.of(), List.of(perTeam, onlySearch), Limits.Store.MEMORY), counters,
                new SimpleMeterRegistry(), Prices.LIST_ONLY);
        Set<String> gpt = UsageMeter.names(GPT);
        assertTrue(limiter.countsTokens(null, List.of(Set.of("other"), gpt)), "a plan that can reach gpt-4o");
        assertFalse(limiter.countsTokens(null, List.of(Set.of("other"))));
        limiter.charge(null, GPT, header("x-team", "a"), new Usage(60, 40));
        assertTrue(refused(limiter.attempt(gpt, header("x-team", "a"))), "team a spent its 100 tokens");
        assertFalse(refused(limiter.attempt(gpt, header("x-team", "b"))), "team b has its own budget");
        assertFalse(refused(limiter.attempt(gpt, name -> null)), "without the header the rule does not apply");
        assertFalse(refused(limiter.attempt(Set.of("claude"), header("x-team", "a"))), "another model");

        Set<String> claude = UsageMeter.names(CLAUDE);
        limiter.charge(null, CLAUDE, header("x-team", "ads"), new Usage(500, 0));
        assertFalse(refused(limiter.attempt(claude, header("x-team", "ads"))), "only 'search' is limited");
        limiter.charge(null, CLAUDE, header("x-team", "search"), new Usage(25, 25));
        Refusal refusal = limiter.attempt(claude, header("x-team", "search")).await().indefinitely().orElseThrow();
        assertTrue(refusal.error().message().startsWith("Rate limit reached for model claude (ratelimits[1], per "
                + "x-team): 50 tokens per day"), refusal.error().message());

        now.addAndGet(3_600_000);
        assertFalse(refused(limiter.attempt(gpt, header("x-team", "a"))), "the hour's budget is whole again");
        assertTrue(refused(limiter.attempt(claude, header("x-team", "search"))), "the day's is not");
    }

    @Test
    void resetWaitsAreWrittenAsOpenAiWritesThem() {
        assertEquals("250ms", Limiter.duration(250));
        assertEquals("12s", Limiter.duration(11_200));
        assertEquals("6m0s", Limiter.duration(360_000));
        assertEquals("1h0m1s", Limiter.duration(3_601_000));
    }

    /** A store that is down: every call fails as a Redis that does not answer would. */
    private static final class DownStore implements Counters {
        @Override
        public io.smallrye.mutiny.Uni<Long> add(String name, long amount, Window window) {
            return io.smallrye.mutiny.Uni.createFrom().failure(new StoreUnavailable("Redis did not answer"));
        }

        @Override
        public io.smallrye.mutiny.Uni<Long> read(String name, Window window) {
            return add(name, 0, window);
        }

        @Override
        public long resetInMillis(Window window) {
            return 1000;
        }
    }

    @Test
    void anUnreachableStoreAdmitsOrRefusesAsTheDeploymentChoseAndIsCounted() {
        Map<String, Limits.KeyLimits> keys = Map.of("team", new Limits.KeyLimits(OptionalLong.of(1), OptionalLong.of(1),
                OptionalDouble.empty()));
        TokenRule rule = new TokenRule(0, "m", "x-team", Optional.empty(), 1, Window.MINUTE);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Limiter allow = new Limiter(new Limits(keys, List.of(rule), new Limits.Store(Optional.of("redis://x:1"), false,
                java.time.Duration.ofMillis(10))), new DownStore(), registry, Prices.LIST_ONLY);
        assertFalse(refused(allow.admit("team")), "on_store_error: allow admits without counting");
        assertFalse(refused(allow.attempt(Set.of("m"), header("x-team", "a"))));
        allow.charge("team", M, header("x-team", "a"), new Usage(5, 5)); // fails quietly, counted
        assertEquals(4.0, registry.counter("moniker.limits.store.errors").count());

        Limiter deny = new Limiter(new Limits(keys, List.of(rule), new Limits.Store(Optional.of("redis://x:1"), true,
                java.time.Duration.ofMillis(10))), new DownStore(), registry, Prices.LIST_ONLY);
        Refusal refusal = deny.admit("team").await().indefinitely().orElseThrow();
        assertEquals(503, refusal.error().status());
        assertEquals("limits_store_unavailable", refusal.error().code());
        assertTrue(refused(deny.attempt(Set.of("m"), header("x-team", "a"))));
    }

    @Test
    void aDaysSpendIsCountedAtEachAnswersOwnPriceAndRefusedOnceSpent() {
        Limiter limiter = new Limiter(new Limits(Map.of("team", new Limits.KeyLimits(OptionalLong.empty(),
                OptionalLong.empty(), OptionalDouble.of(0.05))), List.of(), Limits.Store.MEMORY), counters,
                new SimpleMeterRegistry(), Prices.LIST_ONLY);
        assertTrue(limiter.countsTokens("team", List.of()));
        limiter.charge("team", GPT, name -> null, new Usage(10_000, 2_000)); // $0.025 + $0.020 at gpt-4o's price
        assertFalse(refused(limiter.admit("team")), "$0.045 of $0.05 spent");
        limiter.charge("team", GPT, name -> null, new Usage(2_000, 0)); // $0.005 more
        Refusal refusal = limiter.admit("team").await().indefinitely().orElseThrow();
        assertEquals("spend_limit_exceeded", refusal.error().code());
        assertEquals("Spend limit reached for client key 'team': $0.05 per day; try again in 24h0m0s",
                refusal.error().message());
        now.addAndGet(86_400_000);
        assertFalse(refused(limiter.admit("team")), "a new day");
    }

    @Test
    void streamsAreLimitedPerKeyAndGatewayWideAndEverySlotComesBack() {
        StreamCount gateway = new StreamCount(3);
        Limiter limiter = new Limiter(new Limits(Map.of("team", new Limits.KeyLimits(OptionalLong.empty(),
                OptionalLong.empty(), OptionalDouble.empty(), OptionalLong.of(2))), List.of(), Limits.Store.MEMORY),
                counters, new SimpleMeterRegistry(), Prices.LIST_ONLY, gateway,
                new java.util.concurrent.ConcurrentHashMap<>());
        StreamSlot first = limiter.openStream("team");
        StreamSlot second = limiter.openStream("team");
        StreamSlot third = limiter.openStream("team");
        assertTrue(first.refusal().isEmpty() && second.refusal().isEmpty());
        assertEquals(429, third.refusal().orElseThrow().error().status());
        assertTrue(third.refusal().get().error().message().contains("2 concurrent streams"));
        assertEquals(2, gateway.open(), "a refused slot holds nothing");

        StreamSlot other = limiter.openStream(null);
        StreamSlot over = limiter.openStream(null);
        assertTrue(other.refusal().isEmpty());
        assertEquals(503, over.refusal().orElseThrow().error().status(), "the gateway's 3 are taken");
        assertEquals("too_many_streams", over.refusal().get().error().code());

        first.release().run();
        assertTrue(limiter.openStream("team").refusal().isEmpty(), "a finished stream frees its slot");
    }
}
