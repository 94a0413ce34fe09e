package dev.moniker.attempt;

import dev.moniker.provider.Answer;
import dev.moniker.routing.CanaryPolicy;
import dev.moniker.routing.FallbackStep;
import dev.moniker.routing.Plan;
import dev.moniker.routing.Selector;
import dev.moniker.routing.Target;
import dev.moniker.wire.UpstreamReply;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGeneratorFactory;

import static dev.moniker.attempt.Fixtures.reply;
import static dev.moniker.attempt.Fixtures.target;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Canary auto-rollback with a clock the test controls: a 90/10 split whose canary answers 500s is rolled back once it
 * has had {@code min_requests} in the window (its traffic goes to the stable arm, the effective weight gauge says 0,
 * a rollback is counted) and restored after {@code hold}; a canary below the threshold is never rolled back;
 * caller faults do not count; old errors slide out of the window.
 */
class CanaryTest {

    private static final Target STABLE = target("openai", "gpt-4o-mini");
    private static final Target CANARY = target("openai", "gpt-4.1-mini");
    private static final UpstreamReply OK = reply(200, "{\"choices\":[]}");
    private static final UpstreamReply BROKEN = reply(500, "{\"error\":{\"message\":\"boom\"}}");
    private static final CanaryPolicy POLICY = new CanaryPolicy(0.10, Optional.of(Duration.ofSeconds(3)),
            Duration.ofMinutes(1), 20, Duration.ofMinutes(2));

    private final AtomicLong clock = new AtomicLong(1_000_000_000L);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final AttemptMetrics metrics = new AttemptMetrics(registry);
    private final EndpointHealth health = EndpointHealth.unguarded(List.of(STABLE.upstream(), CANARY.upstream()),
            clock::get);
    private final Canaries canaries = new Canaries(clock::get, metrics);
    private final TargetChooser chooser = new TargetChooser(RandomGeneratorFactory.of("L64X128MixRandom").create(7),
            health, metrics, canaries);
    private final AttemptLoop loop = new AttemptLoop(chooser, health, new FailureClassifier(), metrics, clock::get,
            canaries);
    private final Selector.Split split = new Selector.Split(List.of(new Selector.Arm(STABLE, 90),
            new Selector.Arm(CANARY, 10)), Optional.empty(), Optional.of(POLICY));
    private final Plan plan = new Plan("summarize", List.of(FallbackStep.primary(split)), Optional.empty());

    /** Serves {@code requests} requests; the canary answers {@code canary}; returns who answered first, by count. */
    private Map<Target, Integer> serve(int requests, UpstreamReply canary) {
        Map<Target, Integer> first = new HashMap<>();
        for (int i = 0; i < requests; i++) {
            Target[] tried = new Target[1];
            loop.run(plan, RequestFacts.none(), target -> {
                if (tried[0] == null) {
                    tried[0] = target;
                }
                return Uni.createFrom().item(new Answer.Complete(target.equals(CANARY) ? canary : OK));
            }).await().atMost(Duration.ofSeconds(5));
            first.merge(tried[0], 1, Integer::sum);
            clock.addAndGet(Duration.ofMillis(100).toNanos());
        }
        return first;
    }

    private double rollbacks() {
        return registry.counter("moniker.canary.rollbacks", "alias", "summarize", "model", CANARY.displayName()).count();
    }

    @Test
    void aFailingCanaryIsRolledBackAfterMinRequestsAndRestoredAfterHold() {
        serve(600, BROKEN); // about 60 canary requests in 60 s: rolled back at its 20th
        assertEquals(1.0, rollbacks());
        assertFalse(canaries.inRotation("summarize", split, split.arms().get(1)));
        Map<Target, Integer> during = serve(300, BROKEN);
        assertEquals(300, during.getOrDefault(STABLE, 0), "every request goes to the stable arm while rolled back");

        clock.addAndGet(POLICY.hold().toNanos());
        Map<Target, Integer> after = serve(100, OK);
        assertTrue(after.getOrDefault(CANARY, 0) > 0, "restored at its weight after hold: " + after);
        assertEquals(1.0, rollbacks(), "a healthy canary after the hold is not rolled back again");
    }

    @Test
    void aCanaryBelowTheThresholdIsNeverRolledBackAndCallerFaultsDoNotCount() {
        ArmWatch watch = new ArmWatch(clock::get);
        for (int i = 0; i < 2000; i++) {
            assertFalse(watch.record(i % 20 == 0, Duration.ofMillis(50).toNanos(), POLICY),
                    "5% errors, the first one early, never breaches 10% once min_requests are in (request " + i + ")");
            clock.addAndGet(Duration.ofMillis(100).toNanos());
        }
        Canaries.Watched watched = canaries.watched("summarize", split, split.arms().get(1)).orElseThrow();
        for (int i = 0; i < 50; i++) {
            canaries.record(watched, new FailureClassifier().classify(reply(400, "{\"error\":{\"message\":\"bad\"}}")),
                    Duration.ofMillis(10).toNanos());
        }
        assertTrue(canaries.inRotation("summarize", split, split.arms().get(1)), "400s are the caller's");
        assertTrue(canaries.watched("summarize", split, split.arms().get(0)).isEmpty(), "the majority arm is not watched");
    }

    @Test
    void slowAnswersRollBackAndOldErrorsSlideOutOfTheWindow() {
        ArmWatch slow = new ArmWatch(clock::get);
        boolean rolledBack = false;
        for (int i = 0; i < 20 && !rolledBack; i++) {
            rolledBack = slow.record(false, Duration.ofSeconds(5).toNanos(), POLICY);
        }
        assertTrue(rolledBack, "a p95 of 5 s breaches max_latency_p95 3s");

        ArmWatch sliding = new ArmWatch(clock::get);
        for (int i = 0; i < 5; i++) {
            sliding.record(true, 1_000_000, POLICY); // 5 errors, then a quiet window
        }
        clock.addAndGet(Duration.ofMinutes(2).toNanos());
        for (int i = 0; i < 30; i++) {
            assertFalse(sliding.record(false, 1_000_000, POLICY), "errors older than the window do not count");
        }
    }
}
