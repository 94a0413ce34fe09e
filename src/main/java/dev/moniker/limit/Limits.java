package dev.moniker.limit;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The validated limits of a configuration: each client key's ({@code client_keys[].limits}) and archgw's
 * {@code ratelimits}.
 */
public record Limits(Map<String, KeyLimits> keys, List<TokenRule> rules) {

    public static final Limits NONE = new Limits(Map.of(), List.of());

    public Limits {
        keys = Map.copyOf(keys);
        rules = List.copyOf(rules);
    }

    /** One client key's limits. */
    public record KeyLimits(OptionalLong requestsPerMinute, OptionalLong tokensPerMinute) {
    }

    public boolean isEmpty() {
        return keys.isEmpty() && rules.isEmpty();
    }
}
