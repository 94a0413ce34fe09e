package dev.moniker.cost;

import java.util.OptionalLong;

/**
 * What one model costs, in US dollars per million tokens, and how many tokens it may write in one answer.
 *
 * @param inputPerMillion  USD per million input (prompt) tokens
 * @param outputPerMillion USD per million output (completion) tokens
 * @param maxOutputTokens  the most tokens the model writes in one answer, when known: the output a request without
 *                         its own limit may cost
 */
public record Price(double inputPerMillion, double outputPerMillion, OptionalLong maxOutputTokens) {

    public Price {
        if (inputPerMillion < 0 || outputPerMillion < 0) {
            throw new IllegalArgumentException("prices cannot be negative");
        }
    }

    static Price of(double input, double output, long maxOutput) {
        return new Price(input, output, OptionalLong.of(maxOutput));
    }

    /** USD for this many input and output tokens. */
    public double cost(long inputTokens, long outputTokens) {
        return (Math.max(0, inputTokens) * inputPerMillion + Math.max(0, outputTokens) * outputPerMillion) / 1_000_000d;
    }

    /** The most output tokens that fit in {@code budget} USD after {@code inputTokens}; negative when none fit. */
    public long outputTokensWithin(double budget, long inputTokens) {
        double left = budget - cost(inputTokens, 0);
        if (outputPerMillion == 0) {
            return left >= 0 ? Long.MAX_VALUE : -1;
        }
        return left < 0 ? -1 : (long) Math.floor(left * 1_000_000d / outputPerMillion);
    }

    @Override
    public String toString() {
        return "$" + inputPerMillion + "/M input, $" + outputPerMillion + "/M output";
    }
}
