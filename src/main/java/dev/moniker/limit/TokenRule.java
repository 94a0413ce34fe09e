package dev.moniker.limit;

import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * One of archgw's {@code ratelimits}: at most {@code tokens} tokens (input and output, as the provider reported them)
 * per {@code unit} for {@code model}, counted separately for each value of the {@code header} (or only for one value,
 * when {@code value} is given). A request without the header is not counted by this rule.
 *
 * @param index where the rule sits among the file's budgets
 * @param path  the key path it was written at ({@code ratelimits[0]}, {@code llm_providers[2].rate_limits}), naming
 *              it in metrics, counters and the 429's message
 */
public record TokenRule(int index, String path, String model, String header, Optional<String> value, long tokens,
                        Window unit) {

    /** A top-level {@code ratelimits} entry. */
    public TokenRule(int index, String model, String header, Optional<String> value, long tokens, Window unit) {
        this(index, "ratelimits[" + index + "]", model, header, value, tokens, unit);
    }

    /** Whether this rule limits a target known by these names (entry name, model id, provider/model). */
    public boolean covers(Set<String> targetNames) {
        return targetNames.contains(model);
    }

    /** The counter this request is counted under, if the rule applies to it. */
    Optional<String> counter(Function<String, String> headers) {
        String presented = headers.apply(header);
        if (presented == null || value.isPresent() && !value.get().equals(presented)) {
            return Optional.empty();
        }
        return Optional.of(path + ":" + presented);
    }

    String label() {
        return path;
    }
}
