package dev.moniker.attempt;

import dev.moniker.routing.Selector;
import dev.moniker.routing.StickyBy;
import dev.moniker.routing.Target;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import java.util.stream.Stream;

import static dev.moniker.attempt.Fixtures.endpoint;
import static dev.moniker.attempt.Fixtures.target;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TargetChooserTest {

    private static final Target LLAMA = target("ollama", "llama3.1");
    private static final Target MINI = target("openai", "gpt-4o-mini");
    private static final Target GPT4O = target("openai", "gpt-4o");
    private static final Target O1 = target("openai", "o1-preview");
    private static final List<Target> POOL = List.of(endpoint("openai", "gpt-4o-mini", 1),
            endpoint("openai", "gpt-4o-mini", 2), endpoint("openai", "gpt-4o-mini", 3));

    private final AtomicLong clock = new AtomicLong(1_000_000_000L);
    private final EndpointHealth health = EndpointHealth.unguarded(
            Stream.concat(Stream.of(LLAMA, MINI, GPT4O, O1), POOL.stream()).map(Target::upstream).toList(), clock::get);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private TargetChooser chooser(long seed) {
        RandomGenerator random = RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
        return new TargetChooser(random, health, new AttemptMetrics(registry));
    }

    private Map<Target, Integer> draws(Selector.Split split, int n) {
        TargetChooser chooser = chooser(42);
        Map<Target, Integer> counts = new HashMap<>();
        for (int i = 0; i < n; i++) {
            counts.merge(chooser.candidates("arch.v1", split, RequestFacts.none()).get(0).target(), 1, Integer::sum);
        }
        return counts;
    }

    /** Tolerance: +-4 percentage points over 2000 draws is about 4.5 standard deviations for an 80/20 split. */
    @Test
    void split8020StaysWithinFourPointsOver2000Draws() {
        Map<Target, Integer> counts = draws(new Selector.Split(List.of(new Selector.Arm(LLAMA, 80),
                new Selector.Arm(MINI, 20)), Optional.empty()), 2000);
        double llamaShare = counts.get(LLAMA) * 100.0 / 2000;
        assertTrue(Math.abs(llamaShare - 80) <= 4, "llama share " + llamaShare);
        assertEquals(2000, counts.get(LLAMA) + counts.get(MINI));
        assertEquals(counts.get(MINI), (int) registry.counter("moniker.routing.split.arm", "alias", "arch.v1",
                "model", "openai/gpt-4o-mini").count());
    }

    @Test
    void canary955StaysWithinTwoPointsOver2000Draws() {
        Map<Target, Integer> counts = draws(new Selector.Split(List.of(new Selector.Arm(GPT4O, 95),
                new Selector.Arm(O1, 5)), Optional.empty()), 2000);
        double canaryShare = counts.getOrDefault(O1, 0) * 100.0 / 2000;
        assertTrue(canaryShare >= 3 && canaryShare <= 7, "canary share " + canaryShare);
    }

    @Test
    void stickyCallerAlwaysLandsOnTheSameArmAndCallersSpread() {
        Selector.Split split = new Selector.Split(List.of(new Selector.Arm(LLAMA, 50), new Selector.Arm(MINI, 50)),
                StickyBy.parse("user"));
        TargetChooser chooser = chooser(7);
        Map<Target, Integer> perArm = new HashMap<>();
        for (int user = 0; user < 400; user++) {
            RequestFacts facts = new RequestFacts("user-" + user, h -> null);
            Target first = chooser.candidates("a", split, facts).get(0).target();
            for (int again = 0; again < 5; again++) {
                assertEquals(first, chooser.candidates("a", split, facts).get(0).target());
            }
            perArm.merge(first, 1, Integer::sum);
        }
        assertTrue(perArm.getOrDefault(LLAMA, 0) > 140 && perArm.getOrDefault(MINI, 0) > 140, perArm.toString());
    }

    @Test
    void stickyByHeader() {
        Selector.Split split = new Selector.Split(List.of(new Selector.Arm(LLAMA, 50), new Selector.Arm(MINI, 50)),
                StickyBy.parse("header:X-Tenant"));
        TargetChooser chooser = chooser(1);
        RequestFacts tenant = new RequestFacts(null, h -> h.equals("x-tenant") ? "acme" : null);
        Target first = chooser.candidates("a", split, tenant).get(0).target();
        for (int i = 0; i < 20; i++) {
            assertEquals(first, chooser.candidates("a", split, tenant).get(0).target());
        }
    }

    @Test
    void roundRobinRotatesExactly() {
        Selector.Pool pool = new Selector.Pool(POOL, Selector.Algorithm.ROUND_ROBIN, List.of(1, 1, 1));
        TargetChooser chooser = chooser(1);
        for (int i = 0; i < 9; i++) {
            List<Choice> order = chooser.candidates("p", pool, RequestFacts.none());
            assertEquals("#" + (i % 3 + 1), order.get(0).endpoint());
            assertEquals(3, order.size());
        }
    }

    @Test
    void anEndpointCoolingDownAfterRetryAfterIsSkippedUntilItsCooldownEnds() {
        Selector.Pool pool = new Selector.Pool(POOL, Selector.Algorithm.ROUND_ROBIN, List.of(1, 1, 1));
        TargetChooser chooser = chooser(1);
        health.coolDown(POOL.get(1).upstream(), Duration.ofSeconds(30));
        List<String> firsts = Stream.generate(() -> chooser.candidates("p", pool, RequestFacts.none()).get(0).endpoint())
                .limit(6).toList();
        assertEquals(List.of("#1", "#3", "#3", "#1", "#3", "#3"), firsts);
        clock.addAndGet(Duration.ofSeconds(31).toNanos());
        assertEquals(3, chooser.candidates("p", pool, RequestFacts.none()).size());
    }

    @Test
    void leastConnectionsPicksFewestInFlight() {
        Selector.Pool pool = new Selector.Pool(POOL, Selector.Algorithm.LEAST_CONNECTIONS, List.of(1, 1, 1));
        health.started(POOL.get(0).upstream());
        health.started(POOL.get(0).upstream());
        health.started(POOL.get(2).upstream());
        assertEquals("#2", chooser(1).candidates("p", pool, RequestFacts.none()).get(0).endpoint());
    }

    @Test
    void weightedFollowsWeights() {
        Selector.Pool pool = new Selector.Pool(POOL, Selector.Algorithm.WEIGHTED, List.of(6, 3, 1));
        TargetChooser chooser = chooser(3);
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < 2000; i++) {
            counts.merge(chooser.candidates("p", pool, RequestFacts.none()).get(0).endpoint(), 1, Integer::sum);
        }
        assertTrue(Math.abs(counts.get("#1") / 20.0 - 60) <= 4, counts.toString());
        assertTrue(Math.abs(counts.get("#3") / 20.0 - 10) <= 4, counts.toString());
    }

    @Test
    void latencyPrefersTheFasterOfTwoChoices() {
        Selector.Pool pool = new Selector.Pool(POOL, Selector.Algorithm.LATENCY, List.of(1, 1, 1));
        health.measured(POOL.get(0).upstream(), 900_000_000L);
        health.measured(POOL.get(1).upstream(), 50_000_000L);
        health.measured(POOL.get(2).upstream(), 400_000_000L);
        TargetChooser chooser = chooser(5);
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < 300; i++) {
            counts.merge(chooser.candidates("p", pool, RequestFacts.none()).get(0).endpoint(), 1, Integer::sum);
        }
        // #2 wins every pair it is in (2 of 3 pairs), #1 never wins a pair.
        assertEquals(0, counts.getOrDefault("#1", 0), counts.toString());
        assertTrue(counts.get("#2") > counts.get("#3"), counts.toString());
    }

    @Test
    void aSplitSendsEveryRequestToTheArmsInRotationAndListsTheOthersAfterIt() {
        Selector.Split split = new Selector.Split(List.of(new Selector.Arm(LLAMA, 80), new Selector.Arm(MINI, 20)),
                Optional.empty());
        health.coolDown(LLAMA.upstream(), Duration.ofSeconds(30));
        TargetChooser chooser = chooser(3);
        for (int i = 0; i < 200; i++) {
            List<Choice> arms = chooser.candidates("a", split, RequestFacts.none());
            assertEquals(List.of(MINI, LLAMA), arms.stream().map(Choice::target).toList(),
                    "the healthy arm first, the cooling one last");
        }
    }

    @Test
    void aStickyCallerMovesOnlyWhileItsArmIsOutOfRotation() {
        Selector.Split split = new Selector.Split(List.of(new Selector.Arm(LLAMA, 50), new Selector.Arm(MINI, 50)),
                StickyBy.parse("user"));
        TargetChooser chooser = chooser(5);
        RequestFacts onLlama = null;
        for (int user = 0; onLlama == null; user++) {
            RequestFacts facts = new RequestFacts("user-" + user, h -> null);
            if (chooser.candidates("a", split, facts).get(0).target().equals(LLAMA)) {
                onLlama = facts;
            }
        }
        health.coolDown(LLAMA.upstream(), Duration.ofSeconds(10));
        assertEquals(MINI, chooser.candidates("a", split, onLlama).get(0).target());
        clock.addAndGet(Duration.ofSeconds(11).toNanos());
        assertEquals(LLAMA, chooser.candidates("a", split, onLlama).get(0).target(), "back once its arm recovered");
    }

    @Test
    void withEveryArmOutTheOneRecoveringFirstIsTriedFirst() {
        Selector.Split split = new Selector.Split(List.of(new Selector.Arm(LLAMA, 50), new Selector.Arm(MINI, 50)),
                Optional.empty());
        health.coolDown(LLAMA.upstream(), Duration.ofSeconds(20));
        health.coolDown(MINI.upstream(), Duration.ofSeconds(5));
        TargetChooser chooser = chooser(9);
        for (int i = 0; i < 20; i++) {
            assertEquals(List.of(MINI, LLAMA),
                    chooser.candidates("a", split, RequestFacts.none()).stream().map(Choice::target).toList());
        }
    }
}
