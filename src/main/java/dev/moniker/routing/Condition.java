package dev.moniker.routing;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * What a failed attempt was, as decided by the attempt loop's failure classifier; the names are the
 * vocabulary of a fallback step's {@code conditions}. {@link #CALLER_FAULT} is not a condition a step can list: a
 * caller's mistake never moves to another model.
 */
public enum Condition {
    QUOTA_EXCEEDED("quota_exceeded"),
    TIMEOUT("timeout"),
    SERVER_ERROR("server_error"),
    UNAVAILABLE("unavailable"),
    CONTEXT_LENGTH_EXCEEDED("context_length_exceeded"),
    CONTENT_FILTER("content_filter"),
    /** 400, 401, 403, 404, 422 ... without a more specific condition: relayed to the client as it is. */
    CALLER_FAULT("caller_fault");

    /** The seed's condition that admits a step only when every earlier step was attempted and failed. */
    public static final String AFTER_EARLIER_STEPS = "primary_and_first_fallback_failed";

    /** Used when a fallback omits {@code conditions}: failures that another model may well not have. */
    public static final Set<Condition> DEFAULT_SET =
            Set.copyOf(EnumSet.of(QUOTA_EXCEEDED, TIMEOUT, SERVER_ERROR, UNAVAILABLE));

    private final String configName;

    Condition(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    /** The condition a step may list under this name ({@code caller_fault} is not one). */
    public static Optional<Condition> byConfigName(String name) {
        return Arrays.stream(values()).filter(c -> c != CALLER_FAULT && c.configName.equals(name)).findFirst();
    }

    /** Whether another endpoint of the same model is worth trying after this failure. */
    public boolean endpointFault() {
        return this == UNAVAILABLE || this == SERVER_ERROR || this == QUOTA_EXCEEDED;
    }
}
