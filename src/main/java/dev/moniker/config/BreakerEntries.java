package dev.moniker.config;

import dev.moniker.provider.BreakerSettings;
import dev.moniker.routing.Durations;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/** Validates a {@code circuit_breaker} block (on a provider entry or a pool) into {@link BreakerSettings}. */
final class BreakerEntries {

    private BreakerEntries() {
    }

    static Optional<BreakerSettings> settings(String path, GatewayFile.BreakerEntry entry, List<String> problems) {
        int before = problems.size();
        OptionalInt volume = OptionalInt.empty();
        if (entry.requestVolume().isPresent()) {
            if (entry.requestVolume().get() < 1) {
                problems.add(path + ".request_volume: " + entry.requestVolume().get() + ", must be at least 1");
            } else {
                volume = OptionalInt.of(entry.requestVolume().get());
            }
        }
        OptionalDouble ratio = OptionalDouble.empty();
        if (entry.failureRatio().isPresent()) {
            double value = entry.failureRatio().get();
            if (!(value > 0 && value <= 1)) {
                problems.add(path + ".failure_ratio: " + value + ", must be above 0 and at most 1");
            } else {
                ratio = OptionalDouble.of(value);
            }
        }
        Optional<java.time.Duration> delay = entry.delay().flatMap(Durations::parse);
        if (entry.delay().isPresent() && delay.isEmpty()) {
            problems.add(path + ".delay: '" + entry.delay().get() + "' is not a duration (e.g. 500ms, 10s, 1m)");
        }
        return problems.size() > before ? Optional.empty() : Optional.of(new BreakerSettings(volume, ratio, delay));
    }
}
