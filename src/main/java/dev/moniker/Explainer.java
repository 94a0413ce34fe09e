package dev.moniker;

import dev.moniker.config.ValidatedConfig;
import dev.moniker.cost.Price;
import dev.moniker.guardrail.GuardrailRules;
import dev.moniker.provider.ProviderHeaders;
import dev.moniker.routing.FallbackStep;
import dev.moniker.routing.Plan;
import dev.moniker.routing.Route;
import dev.moniker.routing.RoutingTable;
import dev.moniker.routing.Selector;
import dev.moniker.routing.Target;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What the {@code validate} and {@code explain} commands print about a validated configuration: each alias's plan,
 * and how one model name resolves down to the upstream URL and the header names sent (never their values).
 */
final class Explainer {

    private final ValidatedConfig config;

    Explainer(ValidatedConfig config) {
        this.config = config;
    }

    /** One line per alias: its plan in brief. */
    List<String> plans() {
        List<String> lines = new ArrayList<>();
        config.routingTable().aliases().values().stream().sorted(java.util.Comparator.comparing(Plan::name))
                .forEach(plan -> lines.add(plan.name() + " -> " + plan.steps().stream().map(Explainer::brief)
                        .collect(Collectors.joining(" | fallback "))));
        return lines;
    }

    /** How {@code model} resolves; empty when it does not, with why in {@code why}. */
    Optional<List<String>> explain(String model, StringBuilder why) {
        RoutingTable table = config.routingTable();
        RoutingTable.Resolution resolution = table.resolve(model);
        if (resolution.route().isEmpty()) {
            why.append(table.whyLeftOut(model).map(reason -> "'" + model + "' is configured but left out: " + reason)
                    .orElse("'" + model + "' is not an alias, instance name or provider model of this configuration"
                            + (resolution.candidates().isEmpty() ? "" : " (it names " + resolution.candidates() + ")")));
            return Optional.empty();
        }
        Route route = resolution.route().get();
        Plan plan = table.plan(route);
        List<String> lines = new ArrayList<>();
        lines.add(route.alias().map(alias -> model + ": alias " + alias).orElse(model + ": provider model "
                + route.target().displayName()));
        for (int i = 0; i < plan.steps().size(); i++) {
            FallbackStep step = plan.steps().get(i);
            lines.add(i == 0 ? "  target:" : "  fallback " + i + " on " + conditions(step) + ":");
            describe(step.selector(), lines);
        }
        plan.maxLatency().ifPresent(latency -> lines.add("  max_latency: " + latency.toMillis() + " ms per attempt"));
        GuardrailRules rules = config.guardrails().getOrDefault(plan.name(), GuardrailRules.NONE)
                .withGuardMessage(config.promptGuard());
        if (!rules.isEmpty()) {
            lines.add("  guardrails: " + guardrails(rules));
        }
        return Optional.of(lines);
    }

    private void describe(Selector selector, List<String> lines) {
        switch (selector) {
            case Selector.Single single -> lines.add("    " + target(single.target()));
            case Selector.Split split -> {
                split.arms().forEach(arm -> lines.add("    " + arm.weight() + "%: " + target(arm.target())));
                split.stickyBy().ifPresent(sticky -> lines.add("    sticky by " + sticky));
                split.canary().ifPresent(canary -> lines.add("    canary: rolls back an arm over "
                        + Math.round(canary.maxErrorRate() * 100) + "% errors"
                        + canary.maxLatencyP95().map(p -> " or a p95 over " + p.toMillis() + " ms").orElse("")
                        + " in " + canary.window().toSeconds() + " s (at least " + canary.minRequests()
                        + " requests), for " + canary.hold().toSeconds() + " s"));
            }
            case Selector.Pool pool -> {
                lines.add("    pool, " + pool.algorithm().configName() + ":");
                for (int i = 0; i < pool.endpoints().size(); i++) {
                    lines.add("      #" + (i + 1) + " " + target(pool.endpoints().get(i)));
                }
            }
        }
    }

    /** A target: what serves, where the request goes, which headers it carries (names only), and its price. */
    private String target(Target target) {
        String price = config.prices().of(target.upstream().id(), target.modelId()).map(Price::toString)
                .orElse("no known price");
        return target.displayName() + " (entry '" + target.upstream().id() + "')\n        POST "
                + target.upstream().requestUrl(target.modelId()) + "\n        headers: "
                + (ProviderHeaders.names(target.upstream()).isEmpty() ? "(none)"
                : String.join(", ", ProviderHeaders.names(target.upstream()))) + "\n        price: " + price;
    }

    private static String brief(FallbackStep step) {
        return switch (step.selector()) {
            case Selector.Single single -> single.target().displayName();
            case Selector.Split split -> split.arms().stream().map(a -> a.weight() + "% " + a.target().displayName())
                    .collect(Collectors.joining(" / ", "split ", ""));
            case Selector.Pool pool -> "pool of " + pool.endpoints().size() + " " + pool.algorithm().configName();
        };
    }

    private static String conditions(FallbackStep step) {
        return String.join(", ", step.conditionNames());
    }

    private static String guardrails(GuardrailRules rules) {
        List<String> parts = new ArrayList<>();
        if (!rules.blocked().isEmpty()) {
            parts.add("block " + rules.blocked().stream().map(GuardrailRules.Category::configName).sorted().toList());
        }
        rules.filters().forEach(f -> parts.add(f.action().configName() + " " + f.type().configName()
                + (f.appliesTo() == GuardrailRules.Side.BOTH ? "" : " on " + f.appliesTo().configName())));
        rules.guardMessage().ifPresent(m -> parts.add("prompt_guards jailbreak answer"));
        rules.maxCost().ifPresent(cost -> parts.add("max_cost_per_request $" + cost));
        return String.join(", ", parts);
    }
}
