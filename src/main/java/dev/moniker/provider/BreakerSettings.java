package dev.moniker.provider;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * An entry's or a pool's own circuit breaker thresholds ({@code circuit_breaker}, a Moniker extension); what it does
 * not set comes from {@code moniker.breaker.*}.
 *
 * @param requestVolume calls in the rolling window the failure ratio is computed over
 * @param failureRatio  the failed share of that window that opens the breaker
 * @param delay         how long it stays open before one half-open probe
 */
public record BreakerSettings(OptionalInt requestVolume, OptionalDouble failureRatio, Optional<Duration> delay) {
}
