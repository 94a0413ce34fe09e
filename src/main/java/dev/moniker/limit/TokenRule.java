package dev.moniker.limit;

import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * One of archgw's {@code ratelimits}: at most {@code tokens} tokens (input and output, as the provider reported them)
 * per {@code unit} for {@code model}, counted separately for each value of the {@code header} (or only for one value,
 * when {@code value} is given). A request without the header is not counted by this rule.
 *
 * @param index where the rule sits in {@code ratelimits}, naming it in metrics
 */
public record TokenRule(int index, String model, String header, Optional<String> value, long tokens, Window unit) {

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
        return Optional.of("ratelimits[" + index + "]:" + presented);
    }

    String label() {
        return "ratelimits[" + index + "]";
    }
}
