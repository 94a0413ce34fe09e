package dev.moniker.runtime;

import dev.moniker.attempt.AttemptLoop;
import dev.moniker.attempt.AttemptMetrics;
import dev.moniker.attempt.EndpointHealth;
import dev.moniker.attempt.FailureClassifier;
import dev.moniker.attempt.RequestFacts;
import dev.moniker.attempt.TargetChooser;
import dev.moniker.provider.Answer;
import dev.moniker.provider.BreakerSettings;
import dev.moniker.provider.ProviderKind;
import dev.moniker.provider.Upstream;
import dev.moniker.provider.UpstreamFailure;
import dev.moniker.routing.FallbackStep;
import dev.moniker.routing.Plan;
import dev.moniker.routing.Selector;
import dev.moniker.routing.Target;
import dev.moniker.support.FakeProviders;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.mutiny.Uni;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.random.RandomGeneratorFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * An entry's own {@code circuit_breaker} thresholds replace the gateway's defaults for that entry only: with lenient
 * defaults (100 calls, half of them failing), an entry set to open after 2 failures of 2 opens, and an entry without
 * its own settings stays closed through the same faults. A {@code @QuarkusTest} only because SmallRye's
 * programmatic guards need the running container.
 */
@QuarkusTest
@QuarkusTestResource(FakeProviders.class)
class EntryBreakerTest {

    private static Target target(String id) {
        return new Target(new Upstream(id, ProviderKind.OPENAI, "openai", "gpt-4o-mini", Optional.of(id),
                URI.create("http://localhost/" + id + "/v1"), Optional.empty(), Map.of(), false, Optional.empty(),
                false), "gpt-4o-mini");
    }

    private static final Target STRICT = target("strict-entry");
    private static final Target LENIENT = target("lenient-entry");
    private static final Map<String, BreakerSettings> OWN = Map.of("strict-entry",
            new BreakerSettings(OptionalInt.of(2), OptionalDouble.of(1.0), Optional.of(Duration.ofMinutes(1))));
    private static final java.util.concurrent.atomic.AtomicInteger NAMES = new java.util.concurrent.atomic.AtomicInteger();

    private final Breakers defaults = new Breakers(100, 0.5, Duration.ofMinutes(1));
    private final EndpointHealth health = new EndpointHealth(List.of(STRICT.upstream(), LENIENT.upstream()),
            System::nanoTime, upstream -> onChange -> defaults.guard("entry-breaker-test-" + NAMES.incrementAndGet(),
            upstream, onChange, OWN.get(upstream.id())));
    private final AttemptMetrics metrics = new AttemptMetrics(new SimpleMeterRegistry());
    private final AttemptLoop loop = new AttemptLoop(new TargetChooser(
            RandomGeneratorFactory.of("L64X128MixRandom").create(1), health, metrics), health,
            new FailureClassifier(), metrics, System::nanoTime);

    private void fail(Target target) {
        Plan plan = new Plan("a", List.of(FallbackStep.primary(new Selector.Single(target))), Optional.empty());
        loop.run(plan, RequestFacts.none(), t -> Uni.createFrom().<Answer>failure(
                new UpstreamFailure(UpstreamFailure.Kind.UNAVAILABLE, "down", null))).await().atMost(Duration.ofSeconds(5));
    }

    @Test
    void anEntrysOwnThresholdsOpenItsBreakerAndNoOtherOne() {
        for (int i = 0; i < 2; i++) {
            fail(STRICT);
            fail(LENIENT);
        }
        assertEquals(CircuitBreakerState.OPEN, health.state(STRICT.upstream()).breakerState());
        assertEquals(CircuitBreakerState.CLOSED, health.state(LENIENT.upstream()).breakerState());
    }

    @Test
    void aReloadWithNewThresholdsGivesTheEndpointANewBreakerAndKeepsItsCooldown() {
        Map<String, BreakerSettings> strict = OWN;
        Map<String, BreakerSettings> looser = Map.of("strict-entry",
                new BreakerSettings(OptionalInt.of(50), OptionalDouble.of(1.0), Optional.of(Duration.ofMinutes(1))));
        EndpointHealth before = reloaded(strict, null);
        AttemptLoop beforeLoop = loopOver(before);
        for (int i = 0; i < 2; i++) {
            fail(beforeLoop, STRICT);
        }
        assertEquals(CircuitBreakerState.OPEN, before.state(STRICT.upstream()).breakerState());
        before.coolDown(STRICT.upstream(), Duration.ofMinutes(5)); // as a 429 with Retry-After would

        EndpointHealth same = reloaded(strict, before);
        assertEquals(before.state(STRICT.upstream()), same.state(STRICT.upstream()), "unchanged: the state is kept");
        EndpointHealth changed = reloaded(looser, same);
        assertEquals(CircuitBreakerState.CLOSED, changed.state(STRICT.upstream()).breakerState(),
                "new thresholds: a fresh breaker");
        assertEquals(true, changed.coolingDown(STRICT.upstream()).isPresent(), "the provider's cooldown still holds");
        EndpointHealth back = reloaded(strict, changed); // the first thresholds again: SmallRye must not refuse the name
        assertEquals(CircuitBreakerState.CLOSED, back.state(STRICT.upstream()).breakerState());
    }

    private EndpointHealth reloaded(Map<String, BreakerSettings> own, EndpointHealth previous) {
        return new EndpointHealth(List.of(STRICT.upstream()), System::nanoTime, upstream -> onChange ->
                defaults.guard(Breakers.nameOf(upstream), upstream, onChange, own.get(upstream.id())),
                upstream -> own.get(upstream.id()), previous);
    }

    private AttemptLoop loopOver(EndpointHealth endpoints) {
        return new AttemptLoop(new TargetChooser(RandomGeneratorFactory.of("L64X128MixRandom").create(1), endpoints,
                metrics), endpoints, new FailureClassifier(), metrics, System::nanoTime);
    }

    private static void fail(AttemptLoop on, Target target) {
        Plan plan = new Plan("a", List.of(FallbackStep.primary(new Selector.Single(target))), Optional.empty());
        on.run(plan, RequestFacts.none(), t -> Uni.createFrom().<Answer>failure(
                new UpstreamFailure(UpstreamFailure.Kind.UNAVAILABLE, "down", null))).await().atMost(Duration.ofSeconds(5));
    }
}
