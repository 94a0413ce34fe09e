package dev.moniker.attempt;

import dev.moniker.provider.Answer;
import dev.moniker.provider.UpstreamFailure;
import dev.moniker.routing.Plan;
import dev.moniker.routing.Condition;
import dev.moniker.routing.FallbackStep;
import dev.moniker.routing.Target;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * Runs one request's attempt plan, as a plain loop over its steps (the alias's target, then its fallbacks):
 *
 * <ol>
 *   <li>choose the step: the first one, or the next whose conditions admit the last failure;</li>
 *   <li>choose its target: the model, a split arm, or a pool's endpoints in order;</li>
 *   <li>attempt it under the endpoint's guard (circuit breaker) and the alias's {@code max_latency};</li>
 *   <li>classify a failure ({@link FailureClassifier}) and decide: the next endpoint of the same pool for an
 *       endpoint fault, else the next admitted step, else stop.</li>
 * </ol>
 *
 * <p>An attempt is "call this target, get a reply or a stream head or a failure" ({@link Answer}); how a target is
 * called (OpenAI or another wire format) is the caller's business. A stream head is only produced once its first
 * chunk arrived, and nothing has been sent to the client before the loop returns, so every fallback decision is
 * taken before the first byte.
 */
public final class AttemptLoop {

    private static final Logger LOG = Logger.getLogger(AttemptLoop.class);

    /** How the request ended. */
    public sealed interface Outcome {
        List<AttemptRecord> attempts();

        /** A target answered (a 2xx reply or a stream head). */
        record Served(Choice choice, Answer answer, List<AttemptRecord> attempts) implements Outcome {
        }

        /** Every admitted attempt failed; {@code last} is the failure that ended the loop. */
        record Failed(Failure last, Target lastTarget, List<AttemptRecord> attempts) implements Outcome {

            /**
             * Relay the provider's own answer unchanged: the only attempt answered with an error, or the caller is
             * at fault (caller faults reach the client as they are).
             */
            public boolean relayAsIs() {
                return last.reply().isPresent() && (attempts.size() == 1 || switch (last.condition()) {
                    case CALLER_FAULT, CONTEXT_LENGTH_EXCEEDED, CONTENT_FILTER -> true;
                    default -> false;
                });
            }

            /** One line naming each attempt and its cause, in order. */
            public String summary() {
                String head = attempts.size() == 1 ? "The attempt failed: " : "All " + attempts.size() + " attempts failed: ";
                return head + attempts.stream()
                        .map(a -> a.label() + ": " + a.failure().cause())
                        .collect(Collectors.joining("; "));
            }

            /** The status the client gets: the last failure's (502 for a 5xx other than 503 and 504). */
            public int status() {
                int status = last.status();
                return status >= 500 && status != 503 && status != 504 ? 502 : status;
            }
        }
    }

    private final TargetChooser chooser;
    private final EndpointHealth health;
    private final FailureClassifier classifier;
    private final AttemptMetrics metrics;
    private final LongSupplier nanoClock;
    private final Canaries canaries;
    private final QuotaBackoff quotaBackoff;

    /** The header of a 429 the gateway's own rate limits answered for an attempt (see {@link #coolDown}). */
    public static final String LIMITED_HERE = "x-moniker-limited";

    public AttemptLoop(TargetChooser chooser, EndpointHealth health, FailureClassifier classifier,
                       AttemptMetrics metrics, LongSupplier nanoClock) {
        this(chooser, health, classifier, metrics, nanoClock, new Canaries(nanoClock, metrics));
    }

    /** @param canaries where canary arms' outcomes are recorded: the chooser's */
    public AttemptLoop(TargetChooser chooser, EndpointHealth health, FailureClassifier classifier,
                       AttemptMetrics metrics, LongSupplier nanoClock, Canaries canaries) {
        this(chooser, health, classifier, metrics, nanoClock, canaries, QuotaBackoff.NONE);
    }

    /** @param quotaBackoff how long a 429 without {@code Retry-After} cools its endpoint down */
    public AttemptLoop(TargetChooser chooser, EndpointHealth health, FailureClassifier classifier,
                       AttemptMetrics metrics, LongSupplier nanoClock, Canaries canaries, QuotaBackoff quotaBackoff) {
        this.quotaBackoff = quotaBackoff;
        this.chooser = chooser;
        this.health = health;
        this.classifier = classifier;
        this.metrics = metrics;
        this.nanoClock = nanoClock;
        this.canaries = canaries;
    }

    /**
     * Runs the plan; {@code call} performs one attempt. Cancelling the returned {@code Uni} (the client went away)
     * cancels the attempt in flight.
     */
    public Uni<Outcome> run(Plan plan, RequestFacts facts, Function<Target, Uni<Answer>> call) {
        return new Run(plan, facts, call).step(0);
    }

    /** The state of one request's run; steps run one after the other, never concurrently. */
    private final class Run {
        private final Plan plan;
        private final RequestFacts facts;
        private final Function<Target, Uni<Answer>> call;
        private final List<AttemptRecord> records = new ArrayList<>();
        private Failure last;
        private Target lastTarget;
        /** Every step so far was attempted (none skipped for its conditions). */
        private boolean noneSkipped = true;

        Run(Plan plan, RequestFacts facts, Function<Target, Uni<Answer>> call) {
            this.plan = plan;
            this.facts = facts;
            this.call = call;
        }

        Uni<Outcome> step(int index) {
            List<FallbackStep> steps = plan.steps();
            // 1. choose the step
            while (index > 0 && index < steps.size() && !steps.get(index).admits(last.conditions(), noneSkipped)) {
                noneSkipped = false;
                index++;
            }
            if (index >= steps.size()) {
                return Uni.createFrom().item(new Outcome.Failed(last, lastTarget, List.copyOf(records)));
            }
            // 2. choose its target(s)
            List<Choice> candidates = chooser.candidates(plan.name(), steps.get(index).selector(), facts);
            if (index > 0) {
                metrics.fallback(plan.name(), candidates.get(0).target().displayName());
            }
            return endpoint(index, candidates, 0);
        }

        Uni<Outcome> endpoint(int stepIndex, List<Choice> candidates, int position) {
            Choice choice = candidates.get(position);
            // 3. attempt it, 4. classify and decide
            return attempt(choice).flatMap(result -> {
                if (result instanceof Answer answer) {
                    return Uni.createFrom().item(new Outcome.Served(choice, answer, List.copyOf(records)));
                }
                last = (Failure) result;
                lastTarget = choice.target();
                if (last.condition().endpointFault() && position + 1 < candidates.size()) {
                    return endpoint(stepIndex, candidates, position + 1); // another endpoint of the same model
                }
                return step(stepIndex + 1);
            });
        }

        /** One attempt: completes with the {@link Answer} or the classified {@link Failure}, never fails. */
        private Uni<Object> attempt(Choice choice) {
            Target target = choice.target();
            Optional<Duration> cooling = health.coolingDown(target.upstream());
            if (cooling.isPresent()) {
                return Uni.createFrom().item(coolingDown(choice, cooling));
            }
            Optional<Duration> limit = plan.maxLatency();
            long start = nanoClock.getAsLong();
            health.started(target.upstream());
            AtomicBoolean settled = new AtomicBoolean();
            // The guard does not pass a cancellation on to the call it runs, and a call that never ends would hold
            // its circuit breaker's half-open probe for good. So a caller that goes away cancels the provider call
            // itself and ends the guarded call with AttemptCancelled, which the breaker does not count as a fault.
            AtomicReference<Runnable> cancelCall = new AtomicReference<>();
            Uni<Answer> guarded = health.guard(target.upstream(), () -> {
                Uni<Answer> answer = call.apply(target);
                if (limit.isPresent()) {
                    // Cancels the slow request: Mutiny cancels the upstream subscription on timeout.
                    answer = answer.ifNoItem().after(limit.get()).failWith(() -> new AttemptTimeout(limit.get()));
                }
                return cancellable(answer.map(this::raiseErrorReply), cancelCall);
            });
            return guarded.onItemOrFailure()
                    .transform((answer, error) -> settle(choice, nanoClock.getAsLong() - start, settled, answer, error))
                    .onCancellation().invoke(() -> abandoned(target, cancelCall, settled));
        }

        /** The client went away mid-attempt: cancel the provider call; the request is no longer in flight. */
        private void abandoned(Target target, AtomicReference<Runnable> cancelCall, AtomicBoolean settled) {
            Runnable cancel = cancelCall.get();
            if (cancel != null) {
                cancel.run();
            }
            if (settled.compareAndSet(false, true)) {
                health.released(target.upstream());
            }
            metrics.attempt(plan.name(), target.displayName(), "cancelled");
        }

        /** The attempt's answer or failure, recorded, measured and counted; the endpoint released unless streaming. */
        private Object settle(Choice choice, long elapsed, AtomicBoolean settled, Answer answer, Throwable error) {
            Target target = choice.target();
            Failure failure = error == null ? null : skipCause(classifier.classify(error), error, target);
            if (failure == null || failure.condition() == Condition.TIMEOUT) {
                health.measured(target.upstream(), elapsed);
            }
            if (answer instanceof Answer.Streaming streaming && settled.compareAndSet(false, true)) {
                // A relayed stream stays in flight until it ends, for least_connections.
                answer = new Answer.Streaming(new ReleasingStreamHead(streaming.head(),
                        () -> health.released(target.upstream())));
            } else if (settled.compareAndSet(false, true)) {
                health.released(target.upstream());
            }
            records.add(new AttemptRecord(choice.label(), failure, Duration.ofNanos(elapsed)));
            metrics.attempt(plan.name(), target.displayName(), outcome(failure));
            if (choice.canary().isPresent() && (failure == null || failure.skipped() == null)) {
                canaries.record(choice.canary().get(), failure, elapsed);
            }
            if (failure == null) {
                health.answered(target.upstream());
                return answer;
            }
            if (error.getCause() != null && failure.reply().isEmpty()) {
                // The cause may name an internal address: it goes to the operator's log, never to the client.
                LOG.warnf("%s: %s (%s)", choice.label(), failure.cause(), error.getCause());
            }
            coolDown(target, failure);
            if (failure.skipped() == null && countsAgainstEndpoint(failure, error)) {
                health.faulted(target.upstream(), failure.condition());
            }
            return failure;
        }

        /**
         * A provider's 429 takes the endpoint out of rotation: for its {@code Retry-After}, or without one for the
         * {@link QuotaBackoff}. The gateway's own rate limits ({@code x-moniker-limited}) refuse one budget, not the
         * provider, so they cool nothing down.
         */
        private void coolDown(Target target, Failure failure) {
            if (failure.retryAfter().isPresent()) {
                health.coolDown(target.upstream(), failure.retryAfter().get());
            } else if (failure.condition() == Condition.QUOTA_EXCEEDED && failure.skipped() == null
                    && failure.reply().map(reply -> reply.header(LIMITED_HERE) == null).orElse(false)) {
                health.quotaExceeded(target.upstream(), quotaBackoff);
            }
        }

        /**
         * A target skipped because its breaker is open counts as the fault that opened it (the most recent one) and
         * as unavailable, so a fallback on {@code timeout} or {@code server_error} still runs while it is open.
         */
        private Failure skipCause(Failure failure, Throwable error, Target target) {
            if (!(error instanceof CircuitBreakerOpenException)) {
                return failure;
            }
            Optional<Condition> fault = health.lastFault(target.upstream());
            return new Failure(failure.condition(), failure.status(), failure.cause(), Optional.empty(),
                    Optional.empty(), fault.map(Set::of).orElse(Set.of()),
                    "breaker open" + fault.map(f -> " after " + f.configName()).orElse(""));
        }

        /** The metric's outcome: {@code ok}, the condition, or {@code skipped_cooldown} / {@code skipped_breaker_open}. */
        private static String outcome(Failure failure) {
            if (failure == null) {
                return "ok";
            }
            if (failure.skipped() != null) {
                return failure.skipped().startsWith("breaker") ? "skipped_breaker_open" : "skipped_cooldown";
            }
            return failure.condition().configName();
        }

        /** The faults that make an endpoint sick: not the caller's, not the gateway's own connection limit. */
        private static boolean countsAgainstEndpoint(Failure failure, Throwable error) {
            boolean busy = error instanceof UpstreamFailure upstream && upstream.kind() == UpstreamFailure.Kind.BUSY;
            return !busy && switch (failure.condition()) {
                case SERVER_ERROR, UNAVAILABLE, TIMEOUT -> true;
                default -> false;
            };
        }

        /**
         * The provider asked us to wait (Retry-After): fail at once rather than be told again. The skip counts as the
         * quota trouble that caused it and as the target being unavailable.
         */
        private Failure coolingDown(Choice choice, Optional<Duration> cooling) {
            Failure failure = new Failure(Condition.QUOTA_EXCEEDED, 429,
                    "quota_exceeded (cooling down after Retry-After)", cooling, Optional.empty(),
                    Set.of(Condition.UNAVAILABLE), "cooling down after 429");
            records.add(new AttemptRecord(choice.label(), failure, Duration.ZERO));
            metrics.attempt(plan.name(), choice.target().displayName(), outcome(failure));
            return failure;
        }

        /** {@code call}, which fails with {@link AttemptCancelled} when the runnable set in {@code cancel} runs. */
        private static Uni<Answer> cancellable(Uni<Answer> call, AtomicReference<Runnable> cancel) {
            return Uni.createFrom().emitter(emitter -> {
                Cancellable running = call.subscribe().with(emitter::complete, emitter::fail);
                cancel.set(() -> {
                    running.cancel();
                    emitter.fail(new AttemptCancelled());
                });
            });
        }

        private Answer raiseErrorReply(Answer answer) {
            if (answer instanceof Answer.Complete complete && !complete.reply().isSuccess()) {
                throw new Failure.Raised(classifier.classify(complete.reply()));
            }
            return answer;
        }
    }
}
