package dev.moniker.guardrail;

import dev.moniker.stage.StageFactory;

import java.util.ArrayList;
import java.util.List;

/** The stages an alias's guardrails need: one on the request, one on the answer or stream (when it filters). */
public final class GuardrailStages {

    private final GuardrailMetrics metrics;

    public GuardrailStages(GuardrailMetrics metrics) {
        this.metrics = metrics;
    }

    public List<StageFactory> forPlan(String plan, GuardrailRules rules) {
        List<StageFactory> stages = new ArrayList<>(2);
        if (rules.isEmpty()) {
            return stages;
        }
        stages.add(() -> new InputGuard(plan, rules, metrics));
        if (!rules.filters().isEmpty()) {
            stages.add(() -> new OutputFilter(plan, rules, metrics));
        }
        return stages;
    }
}
