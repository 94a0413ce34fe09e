package dev.moniker.runtime;

import dev.moniker.provider.Answer;
import dev.moniker.attempt.AttemptLoop;
import dev.moniker.attempt.EndpointHealth;
import dev.moniker.attempt.FailureClassifier;
import dev.moniker.attempt.RequestFacts;
import dev.moniker.attempt.AttemptMetrics;
import dev.moniker.attempt.TargetChooser;
import dev.moniker.provider.ProviderKind;
import dev.moniker.provider.Upstream;
import dev.moniker.provider.UpstreamFailure;
import dev.moniker.wire.UpstreamReply;
import dev.moniker.routing.Plan;
import dev.moniker.routing.FallbackStep;
import dev.moniker.routing.Selector;
import dev.moniker.routing.Target;
import dev.moniker.support.FakeProviders;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.random.RandomGeneratorFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A caller that leaves during an attempt must not leave the endpoint's circuit breaker waiting for that attempt: a
 * half-open breaker admits one probe, and a probe that never ended kept it half-open, refusing every later request.
 * The same goes for a gateway-side limit (no free pooled connection): it is not the endpoint's fault.
 *
 * <p>A {@code @QuarkusTest} only because SmallRye's programmatic guards need the running container; the breaker
 * and loop under test are this test's own.
 */
@QuarkusTest
@QuarkusTestResource(FakeProviders.class)
class CancelledProbeTest {

    private static final Target MINI = new Target(new Upstream("openai/gpt-4o-mini", ProviderKind.OPENAI, "openai",
            "gpt-4o-mini", Optional.empty(), URI.create("http://localhost/v1"), Optional.empty(), Map.of(), false,
            Optional.empty(), false), "gpt-4o-mini");
    private static final Plan PLAN = new Plan("fast-model",
            List.of(FallbackStep.primary(new Selector.Single(MINI))), Optional.empty());
    private static final Uni<Answer> OK = Uni.createFrom().item(new Answer.Complete(
            new UpstreamReply(200, Map.of(), io.vertx.core.buffer.Buffer.buffer("{}"))));

    // A breaker that opens on one failure and whose delay is zero: the next call after it opened is its half-open
    // probe, with no wait (SmallRye's breaker keeps its own clock, which a test cannot move).
    // Breaker names are global in SmallRye: each test gets its own.
    private static final java.util.concurrent.atomic.AtomicInteger BREAKERS = new java.util.concurrent.atomic.AtomicInteger(1000);
    private final EndpointHealth health = new EndpointHealth(List.of(MINI.upstream()), System::nanoTime,
            upstream -> onChange -> new Breakers(1, 1.0, Duration.ZERO).guard("probe-test-" + BREAKERS.incrementAndGet(),
                    upstream, onChange));
    private final AttemptMetrics metrics = new AttemptMetrics(new SimpleMeterRegistry());
    private final AttemptLoop loop = new AttemptLoop(new TargetChooser(
            RandomGeneratorFactory.of("L64X128MixRandom").create(1), health, metrics), health,
            new FailureClassifier(), metrics, System::nanoTime);

    private AttemptLoop.Outcome run(Uni<Answer> answer) {
        return loop.run(PLAN, RequestFacts.none(), target -> answer).await().atMost(Duration.ofSeconds(5));
    }

    private void openTheBreaker() {
        run(Uni.createFrom().failure(new UpstreamFailure(UpstreamFailure.Kind.UNAVAILABLE, "down", null)));
        // With no delay it may already have moved on to half-open.
        assertTrue(health.state(MINI.upstream()).breakerState() != CircuitBreakerState.CLOSED, "the breaker opened");
    }

    @Test
    void aProbeWhoseCallerLeftFreesTheHalfOpenBreaker() {
        openTheBreaker();
        AtomicBoolean providerCallCancelled = new AtomicBoolean();
        Uni<Answer> hangs = Uni.createFrom().<Answer>nothing().onCancellation().invoke(() ->
                providerCallCancelled.set(true));
        Cancellable probe = loop.run(PLAN, RequestFacts.none(), target -> hangs).subscribe().with(outcome -> { });
        assertEquals(CircuitBreakerState.HALF_OPEN, health.state(MINI.upstream()).breakerState());
        probe.cancel(); // the caller went away while the probe was in flight

        assertTrue(providerCallCancelled.get(), "the provider call was cancelled");
        AttemptLoop.Outcome next = run(OK);
        assertInstanceOf(AttemptLoop.Outcome.Served.class, next, () -> "the next request: " + next.attempts());
    }

    @Test
    void noFreeConnectionDoesNotOpenTheBreaker() {
        for (int i = 0; i < 5; i++) {
            run(Uni.createFrom().failure(new UpstreamFailure(UpstreamFailure.Kind.BUSY, "no connection", null)));
        }
        assertEquals(CircuitBreakerState.CLOSED, health.state(MINI.upstream()).breakerState());
        assertInstanceOf(AttemptLoop.Outcome.Served.class, run(OK));
    }
}
