package dev.moniker.attempt;

import dev.moniker.provider.Answer;
import dev.moniker.provider.StreamHead;
import dev.moniker.provider.UpstreamFailure;
import dev.moniker.wire.UpstreamReply;
import dev.moniker.routing.Plan;
import dev.moniker.routing.Condition;
import dev.moniker.routing.FallbackStep;
import dev.moniker.routing.Selector;
import dev.moniker.routing.Target;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.random.RandomGeneratorFactory;
import java.util.stream.Stream;

import static dev.moniker.attempt.Fixtures.endpoint;
import static dev.moniker.attempt.Fixtures.error;
import static dev.moniker.attempt.Fixtures.reply;
import static dev.moniker.attempt.Fixtures.target;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AttemptLoopTest {

    private static final Target MINI = target("openai", "gpt-4o-mini");
    private static final Target LLAMA = target("ollama", "llama3.1");
    private static final Target HAIKU = target("anthropic", "claude-3-haiku-20240307");
    private static final List<Target> POOL = List.of(endpoint("openai", "gpt-4o-mini", 1),
            endpoint("openai", "gpt-4o-mini", 2), endpoint("openai", "gpt-4o-mini", 3));
    private static final UpstreamReply OK = reply(200, "{\"choices\":[]}");
    private static final UpstreamReply QUOTA = reply(429, error("requests", "rate_limit_exceeded", "Rate limit reached"), "20");
    private static final UpstreamReply OVERLOADED = reply(529, "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}");
    private static final UpstreamReply BAD_REQUEST = reply(400, error("invalid_request_error", null, "bad 'temperature'"));

    private final AtomicLong clock = new AtomicLong();
    private final EndpointHealth health = EndpointHealth.unguarded(
            Stream.concat(Stream.of(MINI, LLAMA, HAIKU), POOL.stream()).map(Target::upstream).toList(), clock::get);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final AttemptMetrics metrics = new AttemptMetrics(registry);
    private final AttemptLoop loop = new AttemptLoop(
            new TargetChooser(RandomGeneratorFactory.of("L64X128MixRandom").create(1), health, metrics),
            health, new FailureClassifier(), metrics, clock::get);

    /** The seed's fallback chain. */
    private static Plan seedChain(Optional<Duration> maxLatency) {
        return new Plan("arch.summarize.v1", List.of(
                FallbackStep.primary(new Selector.Single(MINI)),
                new FallbackStep(new Selector.Single(LLAMA), Set.of(Condition.QUOTA_EXCEEDED, Condition.TIMEOUT), false, "fallbacks[0]"),
                new FallbackStep(new Selector.Single(HAIKU), Set.of(), true, "fallbacks[1]")), maxLatency);
    }

    /** A provider stand-in: each target answers with its scripted replies or failures, in order. */
    private static final class Script implements Function<Target, Uni<Answer>> {
        final Map<Target, List<Object>> answers = new HashMap<>();
        final List<String> called = new ArrayList<>();

        Script on(Target target, Object... outcomes) {
            answers.put(target, new ArrayList<>(List.of(outcomes)));
            return this;
        }

        @Override
        public Uni<Answer> apply(Target target) {
            called.add(target.upstream().id());
            Object next = answers.get(target).remove(0);
            if (next instanceof UpstreamReply reply) {
                return Uni.createFrom().item(new Answer.Complete(reply));
            }
            if (next instanceof Uni<?> uni) {
                @SuppressWarnings("unchecked") Uni<Answer> answer = (Uni<Answer>) uni;
                return answer;
            }
            return Uni.createFrom().failure((Throwable) next);
        }
    }

    private AttemptLoop.Outcome run(Plan plan, Script script) {
        return loop.run(plan, RequestFacts.none(), script).await().atMost(Duration.ofSeconds(10));
    }

    @Test
    void quotaOnThePrimaryMovesToTheFirstFallback() {
        Script script = new Script().on(MINI, QUOTA).on(LLAMA, OK);
        AttemptLoop.Outcome outcome = run(seedChain(Optional.empty()), script);
        AttemptLoop.Outcome.Served served = assertInstanceOf(AttemptLoop.Outcome.Served.class, outcome);
        assertEquals(LLAMA, served.choice().target());
        assertEquals("openai/gpt-4o-mini=429 quota_exceeded, ollama/llama3.1=ok", AttemptRecord.header(outcome.attempts()));
        assertEquals(1, registry.counter("moniker.routing.fallbacks", "alias", "arch.summarize.v1", "model", "ollama/llama3.1").count());
        assertEquals(1, registry.counter("moniker.routing.attempts", "alias", "arch.summarize.v1",
                "model", "openai/gpt-4o-mini", "outcome", "quota_exceeded").count());
    }

    @Test
    void primaryAndFirstFallbackFailedReachesTheLastStep() {
        Script script = new Script().on(MINI, QUOTA)
                .on(LLAMA, new UpstreamFailure(UpstreamFailure.Kind.UNAVAILABLE, "provider ollama/llama3.1 is unreachable (connection refused)", null))
                .on(HAIKU, OK);
        AttemptLoop.Outcome outcome = run(seedChain(Optional.empty()), script);
        assertEquals(HAIKU, assertInstanceOf(AttemptLoop.Outcome.Served.class, outcome).choice().target());
        assertEquals("openai/gpt-4o-mini=429 quota_exceeded, ollama/llama3.1=unavailable, "
                + "anthropic/claude-3-haiku-20240307=ok", AttemptRecord.header(outcome.attempts()));
    }

    @Test
    void aStepWhoseConditionsDoNotMatchIsSkippedAndTheSeedsLastStepThenDoesNotRun() {
        // server_error is not in fallbacks[0]'s conditions, so the first fallback is skipped; the last step needs
        // the primary AND the first fallback to have failed, which did not happen.
        Script script = new Script().on(MINI, OVERLOADED);
        AttemptLoop.Outcome outcome = run(seedChain(Optional.empty()), script);
        AttemptLoop.Outcome.Failed failed = assertInstanceOf(AttemptLoop.Outcome.Failed.class, outcome);
        assertEquals(List.of("openai/gpt-4o-mini"), script.called);
        assertTrue(failed.relayAsIs(), "a single failed attempt relays the provider's answer");
    }

    @Test
    void callerFaultsNeverFallBack() {
        Plan plan = new Plan("a", List.of(FallbackStep.primary(new Selector.Single(MINI)),
                new FallbackStep(new Selector.Single(LLAMA), Condition.DEFAULT_SET, true, "fallbacks[0]")), Optional.empty());
        Script script = new Script().on(MINI, BAD_REQUEST);
        AttemptLoop.Outcome.Failed failed = assertInstanceOf(AttemptLoop.Outcome.Failed.class, run(plan, script));
        assertEquals(List.of("openai/gpt-4o-mini"), script.called);
        assertEquals(400, failed.last().reply().get().status());
        assertTrue(failed.relayAsIs());
    }

    @Test
    void contextLengthFallsBackOnlyWhenListed() {
        UpstreamReply tooLong = reply(400, error("invalid_request_error", "context_length_exceeded", "too long"));
        Plan listed = new Plan("a", List.of(FallbackStep.primary(new Selector.Single(MINI)),
                new FallbackStep(new Selector.Single(HAIKU), Set.of(Condition.CONTEXT_LENGTH_EXCEEDED), false, "fallbacks[0]")),
                Optional.empty());
        assertInstanceOf(AttemptLoop.Outcome.Served.class, run(listed, new Script().on(MINI, tooLong).on(HAIKU, OK)));
        Plan defaults = new Plan("a", List.of(FallbackStep.primary(new Selector.Single(MINI)),
                new FallbackStep(new Selector.Single(HAIKU), Condition.DEFAULT_SET, false, "fallbacks[0]")), Optional.empty());
        assertInstanceOf(AttemptLoop.Outcome.Failed.class, run(defaults, new Script().on(MINI, tooLong)));
    }

    @Test
    void everythingFailedListsEachCauseWithTheLastMeaningfulStatus() {
        Script script = new Script().on(MINI, QUOTA).on(LLAMA, reply(503, "")).on(HAIKU, OVERLOADED);
        AttemptLoop.Outcome.Failed failed = assertInstanceOf(AttemptLoop.Outcome.Failed.class,
                run(seedChain(Optional.empty()), script));
        assertFalse(failed.relayAsIs());
        assertEquals(502, failed.status(), "Anthropic's 529 is reported as 502");
        assertEquals("All 3 attempts failed: openai/gpt-4o-mini: 429 quota_exceeded (Rate limit reached); "
                + "ollama/llama3.1: 503 server_error; anthropic/claude-3-haiku-20240307: 529 server_error (Overloaded)",
                failed.summary());
    }

    @Test
    void maxLatencyTurnsASlowAttemptIntoATimeoutAndCancelsIt() {
        AtomicBoolean cancelled = new AtomicBoolean();
        Uni<Answer> never = Uni.createFrom().<Answer>nothing().onCancellation().invoke(() -> cancelled.set(true));
        Script script = new Script().on(MINI, never).on(LLAMA, OK);
        AttemptLoop.Outcome outcome = run(seedChain(Optional.of(Duration.ofMillis(100))), script);
        assertEquals(LLAMA, assertInstanceOf(AttemptLoop.Outcome.Served.class, outcome).choice().target());
        assertEquals("openai/gpt-4o-mini=timeout, ollama/llama3.1=ok", AttemptRecord.header(outcome.attempts()));
        assertTrue(cancelled.get(), "the slow upstream request is cancelled");
    }

    @Test
    void aClientGoingAwayCancelsTheAttemptAndReleasesItsInFlightSlot() {
        AtomicBoolean cancelled = new AtomicBoolean();
        Uni<Answer> never = Uni.createFrom().<Answer>nothing().onCancellation().invoke(() -> cancelled.set(true));
        var pending = loop.run(seedChain(Optional.empty()), RequestFacts.none(), new Script().on(MINI, never))
                .subscribe().with(outcome -> { });
        assertEquals(1, health.state(MINI.upstream()).inFlight());
        pending.cancel();
        assertTrue(cancelled.get());
        assertEquals(0, health.state(MINI.upstream()).inFlight());
    }

    @Test
    void aRelayedStreamStaysInFlightUntilItEnds() {
        Runnable[] end = new Runnable[1];
        StreamHead head = new StreamHead() {
            public String contentType() {
                return "text/event-stream";
            }

            public io.vertx.core.buffer.Buffer firstChunk() {
                return io.vertx.core.buffer.Buffer.buffer("data: {}\n\n");
            }

            public void relay(io.vertx.core.Handler<io.vertx.core.buffer.Buffer> chunks,
                              io.vertx.core.Handler<Throwable> failure, Runnable ended) {
                end[0] = ended;
            }

            public io.vertx.core.buffer.Buffer ending() {
                return io.vertx.core.buffer.Buffer.buffer();
            }

            public io.vertx.core.buffer.Buffer failure(String message) {
                return io.vertx.core.buffer.Buffer.buffer(message);
            }

            public void pause() {
            }

            public void resume() {
            }

            public void cancel() {
            }
        };
        Script script = new Script().on(MINI, Uni.createFrom().item(new Answer.Streaming(head)));
        AttemptLoop.Outcome.Served served = assertInstanceOf(AttemptLoop.Outcome.Served.class,
                run(seedChain(Optional.empty()), script));
        assertEquals(1, health.state(MINI.upstream()).inFlight(), "in flight while relaying");
        ((Answer.Streaming) served.answer()).head().relay(chunk -> { }, error -> { }, () -> { });
        end[0].run();
        assertEquals(0, health.state(MINI.upstream()).inFlight());
    }

    @Test
    void aTargetCoolingDownAfterRetryAfterGoesStraightToTheFallback() {
        Script script = new Script().on(MINI, QUOTA).on(LLAMA, OK, OK);
        run(seedChain(Optional.empty()), script);
        clock.addAndGet(Duration.ofSeconds(5).toNanos());
        AttemptLoop.Outcome outcome = run(seedChain(Optional.empty()), script);
        assertEquals("openai/gpt-4o-mini=skipped (cooling down after 429), ollama/llama3.1=ok", AttemptRecord.header(outcome.attempts()));
        assertEquals(List.of("openai/gpt-4o-mini", "ollama/llama3.1", "ollama/llama3.1"), script.called);
    }

    @Test
    void a429WithoutRetryAfterCoolsDownForABackoffThatDoublesAndStartsAgainAfterAnAnswer() {
        AttemptLoop backingOff = new AttemptLoop(new TargetChooser(RandomGeneratorFactory.of("L64X128MixRandom")
                .create(1), health, metrics), health, new FailureClassifier(), metrics, clock::get,
                new Canaries(clock::get, metrics), new QuotaBackoff(Duration.ofSeconds(1), Duration.ofSeconds(3)));
        UpstreamReply bare = reply(429, error("requests", "rate_limit_exceeded", "Rate limit reached"));
        Script script = new Script().on(MINI, bare, bare, bare, bare, OK, bare).on(LLAMA, OK, OK, OK, OK, OK, OK, OK,
                OK, OK, OK);
        Plan plan = seedChain(Optional.empty());
        java.util.function.Supplier<String> next = () -> AttemptRecord.header(backingOff.run(plan, RequestFacts.none(),
                script).await().atMost(Duration.ofSeconds(10)).attempts());
        // 1st 429: out for 1 s; the fallback serves meanwhile, the primary is not asked
        assertEquals("openai/gpt-4o-mini=429 quota_exceeded, ollama/llama3.1=ok", next.get());
        assertEquals("openai/gpt-4o-mini=skipped (cooling down after 429), ollama/llama3.1=ok", next.get());
        // 2nd in a row: 2 s; 3rd: 3 s (the most); each cooldown over, the primary is asked again
        for (long seconds : new long[] {1, 2, 3}) {
            clock.addAndGet(Duration.ofSeconds(seconds).toNanos() - 1);
            assertEquals("openai/gpt-4o-mini=skipped (cooling down after 429), ollama/llama3.1=ok", next.get(),
                    "still cooling just before " + seconds + " s");
            clock.addAndGet(1);
            assertEquals("openai/gpt-4o-mini=429 quota_exceeded, ollama/llama3.1=ok", next.get());
        }
        assertEquals(Duration.ofSeconds(3), health.coolingDown(MINI.upstream()).orElseThrow(), "capped at the most");
        clock.addAndGet(Duration.ofSeconds(3).toNanos());
        assertEquals("openai/gpt-4o-mini=ok", next.get(), "recovered");
        // an answer started the count again: the next 429 cools down for 1 s, not 3
        assertEquals("openai/gpt-4o-mini=429 quota_exceeded, ollama/llama3.1=ok", next.get());
        assertEquals(Duration.ofSeconds(1), health.coolingDown(MINI.upstream()).orElseThrow());
    }

    @Test
    void theGatewaysOwnRateLimit429CoolsNothingDown() {
        AttemptLoop backingOff = new AttemptLoop(new TargetChooser(RandomGeneratorFactory.of("L64X128MixRandom")
                .create(1), health, metrics), health, new FailureClassifier(), metrics, clock::get,
                new Canaries(clock::get, metrics), new QuotaBackoff(Duration.ofSeconds(1), Duration.ofSeconds(3)));
        UpstreamReply limitedHere = new UpstreamReply(429, Map.of("content-type", List.of("application/json"),
                AttemptLoop.LIMITED_HERE, List.of("ratelimits")), io.vertx.core.buffer.Buffer.buffer(
                error("tokens", "rate_limit_exceeded", "budget spent")));
        Script script = new Script().on(MINI, limitedHere).on(LLAMA, OK);
        backingOff.run(seedChain(Optional.empty()), RequestFacts.none(), script).await().atMost(Duration.ofSeconds(10));
        assertTrue(health.inRotation(MINI.upstream()), "one budget spent is not the provider's quota");
    }

    @Test
    void aPoolRetriesAnotherEndpointBeforeTheFallbacks() {
        Plan plan = new Plan("pool", List.of(
                FallbackStep.primary(new Selector.Pool(POOL, Selector.Algorithm.ROUND_ROBIN, List.of(1, 1, 1))),
                new FallbackStep(new Selector.Single(LLAMA), Condition.DEFAULT_SET, false, "fallbacks[0]")), Optional.empty());
        Script script = new Script()
                .on(POOL.get(0), new UpstreamFailure(UpstreamFailure.Kind.UNAVAILABLE, "refused", null))
                .on(POOL.get(1), reply(502, ""));
        script.on(POOL.get(2), OK);
        AttemptLoop.Outcome outcome = run(plan, script);
        assertEquals(POOL.get(2), assertInstanceOf(AttemptLoop.Outcome.Served.class, outcome).choice().target());
        assertEquals("openai/gpt-4o-mini#1=unavailable, openai/gpt-4o-mini#2=502 server_error, openai/gpt-4o-mini#3=ok",
                AttemptRecord.header(outcome.attempts()));
    }

    @Test
    void retryAfterTakesThePoolEndpointOutOfRotation() {
        Plan plan = new Plan("pool", List.of(
                FallbackStep.primary(new Selector.Pool(POOL, Selector.Algorithm.ROUND_ROBIN, List.of(1, 1, 1)))),
                Optional.empty());
        Script script = new Script().on(POOL.get(0), QUOTA).on(POOL.get(1), OK, OK, OK, OK, OK).on(POOL.get(2), OK, OK, OK, OK);
        run(plan, script);
        assertFalse(health.inRotation(POOL.get(0).upstream()));
        for (int i = 0; i < 4; i++) {
            run(plan, script);
        }
        assertFalse(script.called.subList(2, script.called.size()).contains(POOL.get(0).upstream().id()), script.called.toString());
        clock.addAndGet(Duration.ofSeconds(21).toNanos());
        assertTrue(health.inRotation(POOL.get(0).upstream()));
    }

    // --- targets out of rotation (issue 11) ---

    @Test
    void aTargetCoolingDownAfter429CountsAsQuotaAndAsUnavailableAndTheHeaderSaysItWasSkipped() {
        health.coolDown(MINI.upstream(), Duration.ofSeconds(30));
        Plan onUnavailable = new Plan("a", List.of(FallbackStep.primary(new Selector.Single(MINI)),
                new FallbackStep(new Selector.Single(LLAMA), Set.of(Condition.UNAVAILABLE), false, "fallbacks[0]")),
                Optional.empty());
        Script script = new Script().on(LLAMA, OK);
        AttemptLoop.Outcome outcome = run(onUnavailable, script);
        assertEquals(LLAMA, assertInstanceOf(AttemptLoop.Outcome.Served.class, outcome).choice().target());
        assertEquals("openai/gpt-4o-mini=skipped (cooling down after 429), ollama/llama3.1=ok",
                AttemptRecord.header(outcome.attempts()));
        assertEquals(List.of("ollama/llama3.1"), script.called, "the cooling primary was not asked");
        assertEquals(1, registry.counter("moniker.routing.attempts", "alias", "a", "model", "openai/gpt-4o-mini",
                "outcome", "skipped_cooldown").count());
    }

    @Test
    void aTargetWhoseBreakerIsOpenCountsAsTheFaultThatOpenedIt() {
        // A guard that refuses like an open breaker after its first (failed) call.
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        EndpointHealth breaking = new EndpointHealth(List.of(MINI.upstream(), LLAMA.upstream()), clock::get,
                upstream -> onChange -> attempt -> upstream == MINI.upstream() && calls.getAndIncrement() > 0
                        ? Uni.createFrom().failure(new org.eclipse.microprofile.faulttolerance.exceptions
                                .CircuitBreakerOpenException("open"))
                        : attempt.get());
        AttemptLoop breakingLoop = new AttemptLoop(new TargetChooser(
                RandomGeneratorFactory.of("L64X128MixRandom").create(1), breaking, metrics), breaking,
                new FailureClassifier(), metrics, clock::get);
        Plan onServerError = new Plan("a", List.of(FallbackStep.primary(new Selector.Single(MINI)),
                new FallbackStep(new Selector.Single(LLAMA), Set.of(Condition.SERVER_ERROR), false, "fallbacks[0]")),
                Optional.empty());
        Script script = new Script().on(MINI, reply(503, "{}")).on(LLAMA, OK, OK);
        AttemptLoop.Outcome first = breakingLoop.run(onServerError, RequestFacts.none(), script)
                .await().atMost(Duration.ofSeconds(10));
        assertEquals("openai/gpt-4o-mini=503 server_error, ollama/llama3.1=ok", AttemptRecord.header(first.attempts()));
        AttemptLoop.Outcome second = breakingLoop.run(onServerError, RequestFacts.none(), script)
                .await().atMost(Duration.ofSeconds(10));
        assertEquals(LLAMA, assertInstanceOf(AttemptLoop.Outcome.Served.class, second).choice().target());
        assertEquals("openai/gpt-4o-mini=skipped (breaker open after server_error), ollama/llama3.1=ok",
                AttemptRecord.header(second.attempts()));
        assertEquals(1, registry.counter("moniker.routing.attempts", "alias", "a", "model", "openai/gpt-4o-mini",
                "outcome", "skipped_breaker_open").count());
    }

    @Test
    void aSplitArmThatFailsHandsTheRequestToTheOtherArmBeforeAnyFallback() {
        Plan split = new Plan("canary", List.of(FallbackStep.primary(new Selector.Split(List.of(
                new Selector.Arm(MINI, 100), new Selector.Arm(LLAMA, 0)), Optional.empty()))), Optional.empty());
        Script script = new Script().on(MINI, reply(503, "{}")).on(LLAMA, OK);
        AttemptLoop.Outcome outcome = run(split, script);
        assertEquals(LLAMA, assertInstanceOf(AttemptLoop.Outcome.Served.class, outcome).choice().target());
        assertEquals("openai/gpt-4o-mini=503 server_error, ollama/llama3.1=ok", AttemptRecord.header(outcome.attempts()));
    }
}
