package dev.moniker.config;

import dev.moniker.guardrail.GuardrailRules;
import dev.moniker.guardrail.GuardrailRules.Action;
import dev.moniker.guardrail.GuardrailRules.Category;
import dev.moniker.guardrail.GuardrailRules.ContentFilter;
import dev.moniker.guardrail.GuardrailRules.Type;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Validates the content guardrails of each alias ({@code block_categories}, {@code content_filters}) and archgw's
 * listener-wide {@code prompt_guards} into {@link GuardrailRules}. Every problem names its key; what Moniker cannot
 * enforce is refused rather than ignored.
 */
final class GuardrailEntries {

    private final List<String> problems;

    GuardrailEntries(List<String> problems) {
        this.problems = problems;
    }

    /** The rules of every alias that has any (the prompt guard applies to all plans and is added by the runtime). */
    Map<String, GuardrailRules> aliases(Map<String, GatewayFile.AliasEntry> aliases) {
        Map<String, GuardrailRules> rules = new HashMap<>();
        aliases.forEach((name, alias) -> alias.guardrails().ifPresent(g -> {
            GuardrailRules parsed = rules("model_aliases." + name + ".guardrails", g);
            if (!parsed.isEmpty()) {
                rules.put(name, parsed);
            }
        }));
        return rules;
    }

    private GuardrailRules rules(String path, GatewayFile.GuardrailsEntry guardrails) {
        Set<Category> blocked = EnumSet.noneOf(Category.class);
        List<String> categories = guardrails.blockCategories().orElse(List.of());
        for (int i = 0; i < categories.size(); i++) {
            String name = categories.get(i);
            Optional<Category> category = Category.byConfigName(name);
            if (category.isEmpty()) {
                problems.add(path + ".block_categories[" + i + "]: unknown category '" + name
                        + "' (known: PII, jailbreak)");
            } else if (!blocked.add(category.get())) {
                problems.add(path + ".block_categories[" + i + "]: '" + name + "' is listed twice");
            }
        }
        List<ContentFilter> filters = new ArrayList<>();
        List<GatewayFile.ContentFilterEntry> entries = guardrails.contentFilters().orElse(List.of());
        for (int i = 0; i < entries.size(); i++) {
            filter(path + ".content_filters[" + i + "]", entries.get(i), filters);
        }
        java.util.OptionalDouble maxCost = java.util.OptionalDouble.empty();
        if (guardrails.maxCostPerRequest().isPresent()) {
            double limit = guardrails.maxCostPerRequest().get();
            if (limit > 0 && !Double.isInfinite(limit)) {
                maxCost = java.util.OptionalDouble.of(limit);
            } else {
                problems.add(path + ".max_cost_per_request: must be a positive amount of USD (e.g. 0.10)");
            }
        }
        return new GuardrailRules(blocked, filters, Optional.empty(), maxCost);
    }

    private void filter(String path, GatewayFile.ContentFilterEntry entry, List<ContentFilter> filters) {
        String typeName = entry.type().map(String::trim).orElse("");
        Optional<Type> type = Type.byConfigName(typeName);
        if (typeName.isEmpty()) {
            problems.add(path + ".type: required (profanity or sensitive_data)");
            return;
        }
        if (type.isEmpty()) {
            problems.add(path + ".type: unknown content filter '" + typeName + "' (known: profanity, sensitive_data)");
            return;
        }
        Action action = type.get().defaultAction();
        if (entry.action().isPresent()) {
            Optional<Action> named = Action.byConfigName(entry.action().get());
            if (named.isEmpty()) {
                problems.add(path + ".action: unknown action '" + entry.action().get() + "' (known: mask, redact, block)");
                return;
            }
            action = named.get();
        }
        GuardrailRules.Side side = GuardrailRules.Side.BOTH;
        if (entry.applyTo().isPresent()) {
            Optional<GuardrailRules.Side> named = GuardrailRules.Side.byConfigName(entry.applyTo().get());
            if (named.isEmpty()) {
                problems.add(path + ".apply_to: unknown value '" + entry.applyTo().get() + "' (known: input, output, both)");
                return;
            }
            side = named.get();
        }
        if (filters.stream().anyMatch(f -> f.type() == type.get())) {
            problems.add(path + ".type: '" + typeName + "' is listed twice");
            return;
        }
        filters.add(new ContentFilter(type.get(), action, side));
    }

    /**
     * Every model an alias with {@code max_cost_per_request} can call must have a price: a limit that cannot be
     * enforced is refused, naming the model and how to price it.
     */
    void priced(Map<String, GuardrailRules> rules, Map<String, dev.moniker.routing.Plan> plans,
                dev.moniker.cost.Prices prices) {
        rules.forEach((alias, rule) -> {
            dev.moniker.routing.Plan plan = plans.get(alias);
            if (rule.maxCost().isEmpty() || plan == null) {
                return;
            }
            java.util.Set<String> unpriced = new java.util.LinkedHashSet<>();
            plan.targets().stream().filter(t -> prices.of(t.upstream().id(), t.modelId()).isEmpty())
                    .forEach(t -> unpriced.add(t.displayName()));
            unpriced.forEach(model -> problems.add("model_aliases." + alias + ".guardrails.max_cost_per_request: no "
                    + "price is known for " + model + "; give its llm_providers entry pricing: {input_per_million: "
                    + "..., output_per_million: ...} (USD)"));
        });
    }

    /** {@code prompt_guards.input_guards.jailbreak.on_exception}: the message a jailbreak is answered with. */
    Optional<String> promptGuard(Optional<GatewayFile.PromptGuardsEntry> guards) {
        String path = "prompt_guards.input_guards.jailbreak";
        Optional<GatewayFile.GuardEntry> jailbreak = guards.flatMap(GatewayFile.PromptGuardsEntry::inputGuards)
                .flatMap(GatewayFile.InputGuardsEntry::jailbreak);
        if (jailbreak.isEmpty()) {
            return Optional.empty();
        }
        Optional<GatewayFile.OnExceptionEntry> onException = jailbreak.get().onException();
        if (onException.flatMap(GatewayFile.OnExceptionEntry::forwardToErrorTarget).orElse(false)
                || onException.flatMap(GatewayFile.OnExceptionEntry::errorHandler).isPresent()) {
            problems.add(path + ".on_exception: forward_to_error_target and error_handler need archgw's prompt targets, "
                    + "which Moniker does not have; give a message instead");
            return Optional.empty();
        }
        Optional<String> message = onException.flatMap(GatewayFile.OnExceptionEntry::message)
                .filter(text -> !text.isBlank());
        if (message.isEmpty()) {
            problems.add(path + ".on_exception.message: required (what a blocked jailbreak is answered with)");
        }
        return message;
    }
}
