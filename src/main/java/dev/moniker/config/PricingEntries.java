package dev.moniker.config;

import dev.moniker.cost.Price;

import java.util.List;
import java.util.Optional;

/** A provider entry's {@code pricing} (Moniker extension): USD per million input and output tokens. */
final class PricingEntries {

    private PricingEntries() {
    }

    static Optional<Price> price(String path, GatewayFile.PricingEntry entry, List<String> problems) {
        Optional<Double> input = perMillion(path + ".input_per_million", entry.inputPerMillion(), problems);
        Optional<Double> output = perMillion(path + ".output_per_million", entry.outputPerMillion(), problems);
        Optional<Long> maxOutput = entry.maxOutputTokens();
        if (maxOutput.isPresent() && maxOutput.get() < 1) {
            problems.add(path + ".max_output_tokens: must be a positive number of tokens");
            return Optional.empty();
        }
        if (input.isEmpty() || output.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Price(input.get(), output.get(),
                maxOutput.map(java.util.OptionalLong::of).orElse(java.util.OptionalLong.empty())));
    }

    private static Optional<Double> perMillion(String path, Optional<Double> value, List<String> problems) {
        if (value.isEmpty()) {
            problems.add(path + ": required with pricing (USD per million tokens, e.g. 2.50)");
        } else if (!(value.get() >= 0) || value.get().isInfinite()) {
            problems.add(path + ": must be zero or a positive number of USD per million tokens");
            return Optional.empty();
        }
        return value;
    }
}
