package dev.moniker.attempt;

import dev.moniker.provider.Answer;
import dev.moniker.provider.Upstream;
import dev.moniker.routing.Condition;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.mutiny.Uni;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Run-time state of every provider entry and pool endpoint: its guard (a circuit breaker, built by
 * {@code runtime.Breakers}), a {@code Retry-After} cooldown, in-flight requests and a latency average. An endpoint
 * whose breaker is open or that is cooling down is out of rotation: pools skip it while another is available.
 *
 * <p>State is keyed by the endpoint's stable {@link Upstream#stableName()} (entry id and URL), not by object identity, so
 * a configuration reload that keeps an endpoint can keep its state.
 */
public final class EndpointHealth {

    /** Runs one guarded call; the guard sees {@link Failure.Raised} for failed HTTP answers. */
    public interface Guard {
        Uni<Answer> call(Supplier<Uni<Answer>> attempt);

        Guard NONE = Supplier::get;
    }

    /** Weight of the newest sample in the latency average (EWMA); about the last ten answers count. */
    static final double EWMA_ALPHA = 0.2;

    public static final class State {
        final Guard guard;
        final AtomicReference<CircuitBreakerState> breaker = new AtomicReference<>(CircuitBreakerState.CLOSED);
        final AtomicLong coolUntilNanos;
        final AtomicInteger inFlight = new AtomicInteger();
        /** The most recent fault that counts against the endpoint (what an open breaker was opened by). */
        final AtomicReference<Condition> lastFault = new AtomicReference<>();
        /** 429s without {@code Retry-After} in a row, for the {@link QuotaBackoff}. */
        final AtomicInteger quotaInARow = new AtomicInteger();
        /** Average latency in nanoseconds as double bits; 0 until the first answer. */
        final AtomicLong ewmaBits = new AtomicLong(Double.doubleToLongBits(0));

        /** What the guard was built from (an entry's breaker thresholds): a reload that changes them rebuilds it. */
        final Object guardSettings;

        State(Guard guard, long now, Object guardSettings) {
            this.guard = guard;
            this.coolUntilNanos = new AtomicLong(now);
            this.guardSettings = guardSettings;
        }

        public CircuitBreakerState breakerState() {
            return breaker.get();
        }

        public int inFlight() {
            return inFlight.get();
        }

        public double latencyNanos() {
            return Double.longBitsToDouble(ewmaBits.get());
        }
    }

    private final Map<String, State> states = new HashMap<>();
    private final LongSupplier nanoClock;

    /**
     * @param guards builds an endpoint's guard, given the consumer of its breaker state changes
     */
    public EndpointHealth(List<Upstream> upstreams, LongSupplier nanoClock,
                          Function<Upstream, Function<Consumer<CircuitBreakerState>, Guard>> guards) {
        this(upstreams, nanoClock, guards, null);
    }

    /**
     * The health of a reloaded configuration's endpoints: an endpoint {@code previous} also had (by stable name)
     * keeps its state, breaker included, so a reload neither forgets a sick provider nor opens a second breaker
     * for it; new endpoints start healthy.
     */
    public EndpointHealth(List<Upstream> upstreams, LongSupplier nanoClock,
                          Function<Upstream, Function<Consumer<CircuitBreakerState>, Guard>> guards,
                          EndpointHealth previous) {
        this(upstreams, nanoClock, guards, upstream -> null, previous);
    }

    /**
     * @param guardSettings what an endpoint's guard is built from: a kept endpoint whose settings changed gets a new
     *                      guard (a fresh breaker with the new thresholds), keeping its cooldown and last fault
     */
    public EndpointHealth(List<Upstream> upstreams, LongSupplier nanoClock,
                          Function<Upstream, Function<Consumer<CircuitBreakerState>, Guard>> guards,
                          Function<Upstream, Object> guardSettings, EndpointHealth previous) {
        this.nanoClock = nanoClock;
        for (Upstream upstream : upstreams) {
            if (states.containsKey(upstream.stableName())) {
                continue; // the same endpoint reached through two entries: one state
            }
            Object settings = guardSettings.apply(upstream);
            State kept = previous == null ? null : previous.states.get(upstream.stableName());
            if (kept != null && java.util.Objects.equals(kept.guardSettings, settings)) {
                states.put(upstream.stableName(), kept);
                continue;
            }
            AtomicReference<State> holder = new AtomicReference<>();
            Guard guard = guards.apply(upstream).apply(state -> holder.get().breaker.set(state));
            State state = new State(guard, nanoClock.getAsLong(), settings);
            if (kept != null) {
                state.coolUntilNanos.set(kept.coolUntilNanos.get());
                state.lastFault.set(kept.lastFault.get());
                state.quotaInARow.set(kept.quotaInARow.get());
            }
            holder.set(state);
            states.put(upstream.stableName(), state);
        }
    }

    /** Without circuit breakers (unit tests). */
    public static EndpointHealth unguarded(List<Upstream> upstreams, LongSupplier nanoClock) {
        return new EndpointHealth(upstreams, nanoClock, upstream -> onChange -> Guard.NONE);
    }

    public State state(Upstream upstream) {
        State state = states.get(upstream.stableName());
        if (state == null) {
            throw new IllegalStateException("no health state for provider entry " + upstream.id());
        }
        return state;
    }

    public boolean inRotation(Upstream upstream) {
        State state = state(upstream);
        return state.breaker.get() != CircuitBreakerState.OPEN && nanoClock.getAsLong() - state.coolUntilNanos.get() >= 0;
    }

    /**
     * How soon the endpoint is back in rotation, for choosing among endpoints that are all out: what is left of its
     * cooldown; an open breaker's wait is SmallRye's and not known here, so it sorts after every cooldown.
     */
    public long recoversInNanos(Upstream upstream) {
        State state = state(upstream);
        long cooling = Math.max(0, state.coolUntilNanos.get() - nanoClock.getAsLong());
        return state.breaker.get() == CircuitBreakerState.OPEN ? Long.MAX_VALUE / 2 + cooling : cooling;
    }

    /** What is left of the endpoint's {@code Retry-After} cooldown, if it is cooling down. */
    public Optional<Duration> coolingDown(Upstream upstream) {
        long left = state(upstream).coolUntilNanos.get() - nanoClock.getAsLong();
        return left > 0 ? Optional.of(Duration.ofNanos(left)) : Optional.empty();
    }

    /** A fault that counts against the endpoint (5xx, unreachable, timeout): remembered as what made it sick. */
    void faulted(Upstream upstream, Condition condition) {
        state(upstream).lastFault.set(condition);
    }

    /** The most recent fault that counted against the endpoint, if any. */
    Optional<Condition> lastFault(Upstream upstream) {
        return Optional.ofNullable(state(upstream).lastFault.get());
    }

    /** Takes the endpoint out of rotation for the provider's {@code Retry-After}. */
    public void coolDown(Upstream upstream, Duration duration) {
        state(upstream).coolUntilNanos.set(nanoClock.getAsLong() + duration.toNanos());
    }

    /** A 429 without {@code Retry-After}: out of rotation for the backoff's next step. */
    void quotaExceeded(Upstream upstream, QuotaBackoff backoff) {
        Duration cooldown = backoff.after(state(upstream).quotaInARow.incrementAndGet());
        if (!cooldown.isZero()) {
            coolDown(upstream, cooldown);
        }
    }

    /** An answer that was not a failure: the backoff starts again (written only when there is something to reset). */
    void answered(Upstream upstream) {
        AtomicInteger inARow = state(upstream).quotaInARow;
        if (inARow.get() != 0) {
            inARow.set(0);
        }
    }

    Uni<Answer> guard(Upstream upstream, Supplier<Uni<Answer>> attempt) {
        return state(upstream).guard.call(attempt);
    }

    void started(Upstream upstream) {
        state(upstream).inFlight.incrementAndGet();
    }

    /** The request is over: the answer arrived, it failed, or a relayed stream ended. */
    void released(Upstream upstream) {
        state(upstream).inFlight.decrementAndGet();
    }

    /** Adds a latency sample (time to the answer, or to a stream's first chunk). */
    void measured(Upstream upstream, long elapsedNanos) {
        state(upstream).ewmaBits.getAndUpdate(bits -> {
            double previous = Double.longBitsToDouble(bits);
            double next = previous == 0 ? elapsedNanos : previous + EWMA_ALPHA * (elapsedNanos - previous);
            return Double.doubleToLongBits(next);
        });
    }

    /**
     * Ends every {@code Retry-After} cooldown now. A seam for tests that share one running gateway (so none waits
     * out another's cooldown) and for an operator's "try it again" later; breakers keep their own state.
     */
    public void endCooldowns() {
        long now = nanoClock.getAsLong();
        states.values().forEach(state -> {
            state.coolUntilNanos.set(now);
            state.quotaInARow.set(0);
        });
    }
}
