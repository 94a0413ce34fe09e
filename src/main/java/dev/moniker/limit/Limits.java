package dev.moniker.limit;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The validated limits of a configuration: each client key's ({@code client_keys[].limits}) and archgw's
 * {@code ratelimits}.
 */
public record Limits(Map<String, KeyLimits> keys, List<TokenRule> rules, Store store) {

    public static final Limits NONE = new Limits(Map.of(), List.of(), Store.MEMORY);

    public Limits {
        keys = Map.copyOf(keys);
        rules = List.copyOf(rules);
    }

    /**
     * {@code limits_store}: where usage is counted. {@code url} is set for Redis, with any {@code $NAME} resolved
     * (it may hold a password: never log it).
     *
     * @param denyOnStoreError {@code on_store_error: deny}: refuse (503) while the store is unreachable, rather than
     *                         admit without counting
     */
    public record Store(java.util.Optional<String> url, boolean denyOnStoreError, java.time.Duration timeout) {
        public static final Store MEMORY = new Store(java.util.Optional.empty(), false, java.time.Duration.ofMillis(250));

        public boolean shared() {
            return url.isPresent();
        }

        @Override
        public String toString() {
            return shared() ? "redis (on_store_error: " + (denyOnStoreError ? "deny" : "allow") + ")" : "memory";
        }
    }

    /** One client key's limits. */
    public record KeyLimits(OptionalLong requestsPerMinute, OptionalLong tokensPerMinute,
                            java.util.OptionalDouble costPerDay, OptionalLong maxConcurrentStreams) {

        public KeyLimits(OptionalLong requestsPerMinute, OptionalLong tokensPerMinute,
                         java.util.OptionalDouble costPerDay) {
            this(requestsPerMinute, tokensPerMinute, costPerDay, OptionalLong.empty());
        }

        /** Whether answers must be metered for this key: it has a token or spend budget. */
        boolean metered() {
            return tokensPerMinute.isPresent() || costPerDay.isPresent();
        }
    }

    public boolean isEmpty() {
        return keys.isEmpty() && rules.isEmpty();
    }
}
