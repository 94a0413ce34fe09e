package dev.moniker.config;

import dev.moniker.routing.CanaryPolicy;
import dev.moniker.routing.Durations;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Validates a split's {@code canary} block into a {@link CanaryPolicy}, each problem naming its key. */
final class CanaryEntries {

    static final Duration DEFAULT_WINDOW = Duration.ofMinutes(5);
    static final Duration DEFAULT_HOLD = Duration.ofMinutes(10);
    static final int DEFAULT_MIN_REQUESTS = 50;

    private CanaryEntries() {
    }

    /** A canary block anywhere but on a split is refused: there is no minority arm to roll back. */
    static void onlyOnASplit(String path, GatewayFile.AliasEntry alias, List<String> problems) {
        if (alias.canary().isPresent()) {
            problems.add(path + ".canary: only on a traffic split (targets with weights), whose minority arms it "
                    + "rolls back");
        }
    }

    static Optional<CanaryPolicy> policy(String path, GatewayFile.CanaryEntry entry, List<String> problems) {
        int before = problems.size();
        double errorRate = entry.maxErrorRate().map(value -> rate(path + ".max_error_rate", value, problems))
                .orElse(1.0);
        Optional<Duration> latency = entry.maxLatencyP95().flatMap(v -> duration(path + ".max_latency_p95", v, problems));
        if (entry.maxErrorRate().isEmpty() && entry.maxLatencyP95().isEmpty()) {
            problems.add(path + ": give max_error_rate, max_latency_p95 or both (what makes a canary bad)");
        }
        Duration window = entry.window().flatMap(v -> duration(path + ".window", v, problems)).orElse(DEFAULT_WINDOW);
        Duration hold = entry.hold().flatMap(v -> duration(path + ".hold", v, problems)).orElse(DEFAULT_HOLD);
        int minRequests = entry.minRequests().orElse(DEFAULT_MIN_REQUESTS);
        if (minRequests < 1) {
            problems.add(path + ".min_requests: " + minRequests + ", must be at least 1");
        }
        if (problems.size() > before) {
            return Optional.empty();
        }
        return Optional.of(new CanaryPolicy(errorRate, latency, window, minRequests, hold));
    }

    /** {@code 5%} or {@code 0.05}: a share between 0 and 1. */
    private static double rate(String path, String value, List<String> problems) {
        String text = value.trim();
        try {
            double rate = text.endsWith("%") ? Double.parseDouble(text.substring(0, text.length() - 1).trim()) / 100
                    : Double.parseDouble(text);
            if (rate >= 0 && rate <= 1) {
                return rate;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.add(path + ": '" + value + "' must be a share of requests, as 5% or 0.05");
        return 1.0;
    }

    private static Optional<Duration> duration(String path, String value, List<String> problems) {
        Optional<Duration> parsed = Durations.parse(value);
        if (parsed.isEmpty()) {
            problems.add(path + ": '" + value + "' is not a duration (e.g. 500ms, 3s, 5m)");
        }
        return parsed;
    }
}
