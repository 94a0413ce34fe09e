package dev.moniker.attempt;

import dev.moniker.routing.CanaryPolicy;
import dev.moniker.routing.Condition;
import dev.moniker.routing.Selector;
import org.jboss.logging.Logger;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Canary auto-rollback: the record of every watched split arm (each arm of a split with a {@code canary} block, but
 * its majority arm), by alias and arm, kept across configuration reloads. An arm that breaches its policy is
 * rolled back: the chooser gives it weight 0, so its share goes to the other arms in proportion, and offers it only
 * as a last resort; after the hold it is back at its configured weight with a clean record.
 */
public final class Canaries {

    private static final Logger LOG = Logger.getLogger(Canaries.class);

    /** A watched arm, as a choice carries it to the attempt loop. */
    public record Watched(String alias, Selector.Arm arm, CanaryPolicy policy, ArmWatch watch) {
    }

    private final Map<String, ArmWatch> watches = new ConcurrentHashMap<>();
    private final LongSupplier nanoClock;
    private final AttemptMetrics metrics;

    public Canaries(LongSupplier nanoClock, AttemptMetrics metrics) {
        this.nanoClock = nanoClock;
        this.metrics = metrics;
    }

    /** The watch of {@code arm}, if its split has a canary policy and the arm is not the majority arm. */
    java.util.Optional<Watched> watched(String alias, Selector.Split split, Selector.Arm arm) {
        if (split.canary().isEmpty() || arm == split.majority()) {
            return java.util.Optional.empty();
        }
        ArmWatch watch = watches.computeIfAbsent(alias + " " + arm.target().displayName(),
                key -> new ArmWatch(nanoClock));
        return java.util.Optional.of(new Watched(alias, arm, split.canary().get(), watch));
    }

    /** Whether the arm takes its weight now: not a watched arm that is rolled back. */
    public boolean inRotation(String alias, Selector.Split split, Selector.Arm arm) {
        return watched(alias, split, arm).map(w -> !w.watch().rolledBack()).orElse(true);
    }

    /**
     * One attempt's outcome on a watched arm. Errors are the arm's own failures (5xx, timeouts, unreachable); a
     * caller's fault or a 429 says nothing about the arm's quality. Cancelled attempts are not recorded.
     */
    void record(Watched watched, Failure failure, long elapsedNanos) {
        boolean error = failure != null && switch (failure.condition()) {
            case SERVER_ERROR, UNAVAILABLE, TIMEOUT -> true;
            default -> false;
        };
        if (failure != null && !error && failure.condition() != Condition.CONTENT_FILTER) {
            return; // caller faults, quota: not the arm's fault, and not a success either
        }
        if (watched.watch().record(error, elapsedNanos, watched.policy())) {
            String arm = watched.arm().target().displayName();
            metrics.canaryRolledBack(watched.alias(), arm);
            LOG.warnf("canary %s of alias %s rolled back for %d s: it breached max_error_rate %.1f%%%s over %d s",
                    arm, watched.alias(), watched.policy().hold().toSeconds(), watched.policy().maxErrorRate() * 100,
                    watched.policy().maxLatencyP95().map(p -> " or max_latency_p95 " + p.toMillis() + " ms").orElse(""),
                    watched.policy().window().toSeconds());
        }
    }
}
