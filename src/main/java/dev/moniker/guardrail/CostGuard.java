package dev.moniker.guardrail;

import dev.moniker.cost.Price;
import dev.moniker.cost.Prices;
import dev.moniker.cost.TokenEstimator;
import dev.moniker.stage.AttemptTarget;
import dev.moniker.stage.UsageStage;
import dev.moniker.wire.GatewayError;
import dev.moniker.wire.view.RequestView;
import dev.moniker.wire.view.TextPart;
import dev.moniker.wire.view.Usage;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@code max_cost_per_request}: prices each attempt before it is made, at its own target's price, and reports what
 * the answer cost.
 *
 * <ol>
 *   <li>The most the attempt can cost is its input estimate plus its output limit (the caller's {@code max_tokens},
 *       else the model's output limit) at the target's price. Within the limit: it goes on.</li>
 *   <li>Over the limit, with the caller's own output limit: refused, 400 {@code cost_limit_exceeded}, naming the
 *       estimate and the limit; no provider call.</li>
 *   <li>Over the limit without one: the output limit is capped to what fits, and
 *       {@code x-moniker-max-tokens-capped} says so. If not even one output token fits, refused as above.</li>
 *   <li>After a complete answer, its cost from the reported usage is in {@code x-moniker-cost-usd} and in
 *       {@code moniker_cost_usd_total}; a stream's cost (usage asked for, and hidden from a caller that did not ask)
 *       is counted when it ends.</li>
 * </ol>
 */
final class CostGuard extends UsageStage {

    static final String CAPPED_HEADER = "x-moniker-max-tokens-capped";
    static final String COST_HEADER = "x-moniker-cost-usd";

    private final String alias;
    private final double limit;
    private final Prices prices;
    private final TokenEstimator estimator;
    private final GuardrailMetrics metrics;

    private AttemptTarget target;
    private Price price;
    private long capped = -1;
    private String cost;

    CostGuard(String alias, double limit, Prices prices, TokenEstimator estimator, GuardrailMetrics metrics) {
        this.alias = alias;
        this.limit = limit;
        this.prices = prices;
        this.estimator = estimator;
        this.metrics = metrics;
    }

    @Override
    public boolean seesAttempts() {
        return true;
    }

    @Override
    public Optional<GatewayError> onAttempt(AttemptTarget attempt, RequestView request) {
        target = attempt;
        capped = -1;
        Optional<Price> known = prices.of(attempt.entry(), attempt.modelId());
        if (known.isEmpty()) {
            // Only a wildcard entry can get here: every named model was priced at start-up.
            return refuse("No price is known for " + attempt.model() + ", so this alias's max_cost_per_request of "
                    + usd(limit) + " cannot be enforced; the operator must give its entry a pricing");
        }
        price = known.get();
        List<String> texts = request.texts().stream().map(TextPart::text).toList();
        OptionalLong callerLimit = request.maxOutputTokens();
        OptionalLong output = callerLimit.isPresent() ? callerLimit : price.maxOutputTokens();
        if (output.isPresent() && price.cost(TokenEstimator.upperBound(texts), output.getAsLong()) <= limit) {
            return within(request); // even the bound fits: no need to count
        }
        long input = estimator.estimate(texts, attempt.modelId());
        if (output.isPresent() && price.cost(input, output.getAsLong()) <= limit) {
            return within(request);
        }
        long fits = price.outputTokensWithin(limit, input);
        if (callerLimit.isPresent() || fits < 1) {
            String estimate = callerLimit.isPresent()
                    ? usd(price.cost(input, callerLimit.getAsLong())) + " (about " + input + " input tokens and up to "
                    + callerLimit.getAsLong() + " output tokens"
                    : "more than " + usd(price.cost(input, 0)) + " (about " + input + " input tokens";
            metrics.acted(alias, "max_cost_per_request", "blocked", 1, "estimate over " + usd(limit));
            return refuse("The request's estimated cost on " + attempt.model() + ", " + estimate + " at " + price
                    + "), exceeds this alias's max_cost_per_request of " + usd(limit)
                    + (callerLimit.isPresent() && fits >= 1 ? "; lower max_tokens to " + fits + " or less" : "")
                    + (fits < 1 ? "; shorten the prompt" : ""));
        }
        capped = fits;
        request.limitOutputTokens(fits, attempt.takesMaxCompletionTokens());
        metrics.acted(alias, "max_cost_per_request", "capped", 1, "output limited to " + fits + " tokens");
        return within(request);
    }

    /** The attempt may go on; a stream must report its usage so that its cost is known. */
    private Optional<GatewayError> within(RequestView request) {
        usage.attempting();
        return Optional.empty();
    }

    @Override
    protected void settle() {
        usage.usage().ifPresent(this::spent);
    }

    private void spent(Usage usage) {
        if (price == null) {
            return;
        }
        double spent = price.cost(usage.inputTokens(), usage.outputTokens());
        cost = String.format(Locale.ROOT, "%.6f", spent);
        metrics.cost(alias, target.model(), spent);
    }

    @Override
    public List<String> notes() {
        return capped >= 0 ? List.of("capped=max_cost_per_request") : List.of();
    }

    @Override
    public Map<String, String> headers() {
        if (capped >= 0 && cost != null) {
            return Map.of(CAPPED_HEADER, Long.toString(capped), COST_HEADER, cost);
        }
        return capped >= 0 ? Map.of(CAPPED_HEADER, Long.toString(capped))
                : cost != null ? Map.of(COST_HEADER, cost) : Map.of();
    }

    private static Optional<GatewayError> refuse(String message) {
        return Optional.of(new GatewayError(400, "invalid_request_error", "cost_limit_exceeded", null, message));
    }

    private static String usd(double amount) {
        return String.format(Locale.ROOT, amount < 0.01 ? "$%.6f" : "$%.4f", amount);
    }
}
