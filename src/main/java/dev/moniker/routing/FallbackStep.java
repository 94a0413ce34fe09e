package dev.moniker.routing;

import java.util.List;
import java.util.Set;

/**
 * One step of an alias's attempt plan. The first step (the alias's own target) always runs; a later one runs only
 * when the failure before it matches its conditions.
 *
 * @param selector           what to call
 * @param conditions         failures that admit this step
 * @param afterEarlierSteps  {@code primary_and_first_fallback_failed}: admitted when every earlier step was
 *                           attempted and failed (with anything but a caller fault)
 * @param label              where the step comes from, for logs ({@code fallbacks[0]})
 */
public record FallbackStep(Selector selector, Set<Condition> conditions, boolean afterEarlierSteps, String label) {

    public FallbackStep {
        conditions = Set.copyOf(conditions);
    }

    /** The alias's own target: runs first, unconditionally. */
    public static FallbackStep primary(Selector selector) {
        return new FallbackStep(selector, Set.of(), false, "target");
    }

    /**
     * Whether this step runs after a failure that counts as {@code failure} (one condition, or several for a target
     * skipped while out of rotation).
     *
     * @param everyEarlierStepFailed every step before this one was attempted (none skipped) and failed
     */
    public boolean admits(Set<Condition> failure, boolean everyEarlierStepFailed) {
        if (failure.contains(Condition.CALLER_FAULT)) {
            return false;
        }
        return failure.stream().anyMatch(conditions::contains) || (afterEarlierSteps && everyEarlierStepFailed);
    }

    /** Whether this step runs after {@code failure}. */
    public boolean admits(Condition failure, boolean everyEarlierStepFailed) {
        return admits(Set.of(failure), everyEarlierStepFailed);
    }

    public List<String> conditionNames() {
        List<String> names = new java.util.ArrayList<>(conditions.stream().map(Condition::configName).sorted().toList());
        if (afterEarlierSteps) {
            names.add(Condition.AFTER_EARLIER_STEPS);
        }
        return names;
    }
}
