package dev.moniker.guardrail;

import dev.moniker.cost.Prices;
import dev.moniker.cost.TokenEstimator;
import dev.moniker.stage.StageFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * The stages an alias's guardrails need: one on the request, one on the answer or stream (when it filters), one
 * that prices each attempt (with {@code max_cost_per_request}).
 */
public final class GuardrailStages {

    private final GuardrailMetrics metrics;
    public GuardrailStages(GuardrailMetrics metrics) {
        this.metrics = metrics;
    }

    /** @param prices what the configuration's models cost, for {@code max_cost_per_request} */
    public List<StageFactory> forPlan(String plan, GuardrailRules rules, Prices prices) {
        List<StageFactory> stages = new ArrayList<>(3);
        // Each side's filters are chosen once, here, not per request.
        List<GuardrailRules.ContentFilter> onInput = rules.filters(GuardrailRules.Side.INPUT);
        List<GuardrailRules.ContentFilter> onOutput = rules.filters(GuardrailRules.Side.OUTPUT);
        if (!rules.blocked().isEmpty() || rules.guardMessage().isPresent() || !onInput.isEmpty()) {
            stages.add(() -> new InputGuard(plan, rules, onInput, metrics));
        }
        if (!onOutput.isEmpty()) {
            stages.add(() -> new OutputFilter(plan, onOutput, metrics));
        }
        if (rules.maxCost().isPresent()) {
            TokenEstimator tokens = TokenEstimator.shared();
            double limit = rules.maxCost().getAsDouble();
            stages.add(() -> new CostGuard(plan, limit, prices, tokens, metrics));
        }
        return stages;
    }
}
