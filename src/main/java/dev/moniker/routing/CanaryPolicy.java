package dev.moniker.routing;

import java.time.Duration;
import java.util.Optional;

/**
 * A split's {@code canary} block (a Moniker extension): each arm other than the majority arm is judged over a
 * sliding {@code window}; once it has had {@code minRequests} requests there, an error rate above
 * {@code maxErrorRate} or a p95 latency above {@code maxLatencyP95} rolls it back (weight 0) for {@code hold}.
 *
 * @param maxErrorRate  0..1: the share of the arm's requests that failed for the arm's sake (5xx, timeouts,
 *                      unreachable; never the caller's faults or quota)
 * @param maxLatencyP95 time to the answer, or to a stream's first chunk
 */
public record CanaryPolicy(double maxErrorRate, Optional<Duration> maxLatencyP95, Duration window, int minRequests,
                           Duration hold) {
}
