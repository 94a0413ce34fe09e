package dev.moniker.runtime;

import dev.moniker.attempt.AttemptCancelled;
import dev.moniker.attempt.EndpointHealth;
import dev.moniker.attempt.Failure;
import dev.moniker.provider.Answer;
import dev.moniker.provider.Upstream;
import dev.moniker.provider.UpstreamFailure;
import dev.moniker.routing.Condition;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.faulttolerance.api.Guard;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.util.TypeLiteral;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.function.Consumer;

/**
 * One SmallRye Fault Tolerance guard (circuit breaker) per provider entry and pool endpoint. Annotations cannot
 * express a chain read from YAML at run time, so the guards are programmatic and the chain is the attempt loop's
 * explicit loop.
 *
 * @param requestVolume {@code moniker.breaker.request-volume}: calls in the rolling window
 * @param failureRatio  {@code moniker.breaker.failure-ratio}: failed share of the window that opens the breaker
 * @param delay         {@code moniker.breaker.delay}: how long it stays open before a half-open probe
 */
public record Breakers(int requestVolume, double failureRatio, Duration delay) {

    private static final TypeLiteral<Uni<Answer>> ANSWER = new TypeLiteral<>() {
    };

    /** Guards built so far: SmallRye refuses a second breaker under a name, so each gets its own number. */
    private static final java.util.concurrent.atomic.AtomicLong BUILT = new java.util.concurrent.atomic.AtomicLong();

    /**
     * The guard of one endpoint, named {@code name} (stable for the endpoint: {@link #nameOf}) and a number: breaker
     * names are global in SmallRye, and a reload may build a second guard for an endpoint (new thresholds, or an
     * entry removed and added back).
     */
    public EndpointHealth.Guard guard(String name, Upstream upstream, Consumer<CircuitBreakerState> onChange) {
        return guard(name, upstream, onChange, null);
    }

    /** @param own the entry's or its pool's own thresholds ({@code circuit_breaker}), over these defaults; may be null */
    public EndpointHealth.Guard guard(String name, Upstream upstream, Consumer<CircuitBreakerState> onChange,
                                      dev.moniker.provider.BreakerSettings own) {
        Guard guard = Guard.create()
                .withDescription("provider entry " + upstream.id())
                .withCircuitBreaker()
                    .name(name + "-" + BUILT.incrementAndGet())
                    .requestVolumeThreshold(own == null ? requestVolume : own.requestVolume().orElse(requestVolume))
                    .failureRatio(own == null ? failureRatio : own.failureRatio().orElse(failureRatio))
                    .delay((own == null ? delay : own.delay().orElse(delay)).toMillis(), ChronoUnit.MILLIS)
                    .successThreshold(1)
                    .when(Breakers::countsAgainstEndpoint)
                    .onStateChange(onChange)
                    .done()
                .withThreadOffload(false)
                .build();
        return attempt -> guard.get(attempt, ANSWER);
    }

    /**
     * The breaker's name: stable for the endpoint across reloads, unique in the process, and without its URL (which
     * may carry credentials and would reach SmallRye's logs and metrics): the entry id and a hash of the stable name.
     */
    public static String nameOf(Upstream upstream) {
        return "moniker-endpoint-" + upstream.id() + "-" + Integer.toHexString(upstream.stableName().hashCode());
    }

    /**
     * What opens a breaker: the endpoint failing; not the caller (a 400 or 401, a caller who left) nor the gateway's
     * own connection limits. What does not count, SmallRye Fault Tolerance counts as a success.
     */
    static boolean countsAgainstEndpoint(Throwable error) {
        if (error instanceof AttemptCancelled
                || error instanceof UpstreamFailure upstream && upstream.kind() == UpstreamFailure.Kind.BUSY) {
            return false;
        }
        if (error instanceof Failure.Raised raised) {
            Condition condition = raised.failure().condition();
            return condition == Condition.SERVER_ERROR || condition == Condition.UNAVAILABLE
                    || condition == Condition.TIMEOUT;
        }
        return true; // no HTTP answer: unreachable or too slow
    }
}
