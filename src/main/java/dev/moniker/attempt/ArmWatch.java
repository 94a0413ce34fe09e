package dev.moniker.attempt;

import dev.moniker.routing.CanaryPolicy;

import java.util.function.LongSupplier;

/**
 * The recent record of one canary arm, over a sliding window kept as {@value #SLOTS} time slots: requests, errors and
 * a latency histogram (bins a quarter octave wide, so a p95 is known to within 19 %), and whether the arm is rolled
 * back and until when. Recording and judging are O(slots + bins): cheap enough for every answer.
 */
public final class ArmWatch {

    static final int SLOTS = 12;
    private static final int BINS = 64;

    private final LongSupplier nanoClock;
    private final long[] slotEpoch = new long[SLOTS];
    private final int[] requests = new int[SLOTS];
    private final int[] errors = new int[SLOTS];
    private final int[][] latency = new int[SLOTS][BINS];
    private long rolledBackUntil = Long.MIN_VALUE;
    private boolean rolledBack;

    ArmWatch(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
        java.util.Arrays.fill(slotEpoch, Long.MIN_VALUE);
    }

    /** Whether the arm is out (weight 0) now; once its hold has passed it is back, with a clean record. */
    synchronized boolean rolledBack() {
        if (rolledBack && nanoClock.getAsLong() - rolledBackUntil >= 0) {
            rolledBack = false;
            clear();
        }
        return rolledBack;
    }

    /**
     * One answer (or failure) of the arm; returns true when it made the arm breach {@code policy}, which rolls it
     * back for the policy's hold.
     */
    synchronized boolean record(boolean error, long latencyNanos, CanaryPolicy policy) {
        if (rolledBack()) {
            return false; // a last-resort attempt while rolled back does not extend or judge the hold
        }
        long now = nanoClock.getAsLong();
        long slotNanos = Math.max(1, policy.window().toNanos() / SLOTS);
        long epoch = Math.floorDiv(now, slotNanos);
        int slot = (int) Math.floorMod(epoch, (long) SLOTS);
        if (slotEpoch[slot] != epoch) {
            slotEpoch[slot] = epoch;
            requests[slot] = 0;
            errors[slot] = 0;
            java.util.Arrays.fill(latency[slot], 0);
        }
        requests[slot]++;
        if (error) {
            errors[slot]++;
        }
        latency[slot][bin(latencyNanos)]++;
        if (!breaches(policy, epoch)) {
            return false;
        }
        rolledBack = true;
        rolledBackUntil = now + policy.hold().toNanos();
        return true;
    }

    private boolean breaches(CanaryPolicy policy, long epoch) {
        int total = 0;
        int failed = 0;
        int[] merged = new int[BINS];
        for (int s = 0; s < SLOTS; s++) {
            if (slotEpoch[s] != Long.MIN_VALUE && epoch - slotEpoch[s] < SLOTS) {
                total += requests[s];
                failed += errors[s];
                for (int b = 0; b < BINS; b++) {
                    merged[b] += latency[s][b];
                }
            }
        }
        if (total < policy.minRequests()) {
            return false;
        }
        if ((double) failed / total > policy.maxErrorRate()) {
            return true;
        }
        return policy.maxLatencyP95().isPresent() && p95(merged, total) > policy.maxLatencyP95().get().toNanos();
    }

    /** The upper edge of the bin that holds the 95th percentile. */
    private static long p95(int[] bins, int total) {
        long rank = (long) Math.ceil(total * 0.95);
        long seen = 0;
        for (int b = 0; b < BINS; b++) {
            seen += bins[b];
            if (seen >= rank) {
                return upperEdge(b);
            }
        }
        return upperEdge(BINS - 1);
    }

    /** Bin 0 holds up to 1 ms; each next bin is 2^(1/4) wider. */
    static int bin(long nanos) {
        double millis = nanos / 1_000_000d;
        if (millis <= 1) {
            return 0;
        }
        return (int) Math.min(BINS - 1, Math.ceil(4 * Math.log(millis) / Math.log(2)));
    }

    static long upperEdge(int bin) {
        return (long) (Math.pow(2, bin / 4d) * 1_000_000d);
    }

    private void clear() {
        java.util.Arrays.fill(slotEpoch, Long.MIN_VALUE);
        java.util.Arrays.fill(requests, 0);
        java.util.Arrays.fill(errors, 0);
        for (int[] bins : latency) {
            java.util.Arrays.fill(bins, 0);
        }
    }
}
