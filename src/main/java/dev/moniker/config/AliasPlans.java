package dev.moniker.config;

import dev.moniker.provider.Upstream;
import dev.moniker.routing.Plan;
import dev.moniker.routing.CanaryPolicy;
import dev.moniker.routing.Condition;
import dev.moniker.routing.Durations;
import dev.moniker.routing.FallbackStep;
import dev.moniker.routing.ModelIndex;
import dev.moniker.routing.Selector;
import dev.moniker.routing.StickyBy;
import dev.moniker.routing.Target;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Validates {@code model_aliases} into attempt plans ({@link Plan}): targets, fallback chains with their
 * conditions, weighted splits, load-balanced pools and {@code max_latency}; refuses undefined targets and cycles
 * through aliases or fallbacks. Part of {@link ConfigValidator}; problems and warnings go to the lists it shares.
 */
final class AliasPlans {

    private static final Pattern ALIAS_NAME = Pattern.compile("[A-Za-z0-9._-]+");

    private final ProviderEntries providers;
    private final boolean embedded;
    private final List<String> problems;
    /** Pool endpoints' breaker thresholds ({@code load_balance.circuit_breaker}), by derived entry id. */
    private final Map<String, dev.moniker.provider.BreakerSettings> breakers = new HashMap<>();

    Map<String, dev.moniker.provider.BreakerSettings> breakers() {
        return breakers;
    }
    private final List<String> warnings;

    /** Aliases of the embedded default left out, and why (in words a caller can act on). */
    private final Map<String, String> leftOut = new java.util.HashMap<>();

    Map<String, String> leftOut() {
        return leftOut;
    }

    AliasPlans(ProviderEntries providers, boolean embedded, List<String> problems, List<String> warnings) {
        this.providers = providers;
        this.embedded = embedded;
        this.problems = problems;
        this.warnings = warnings;
    }

    // ---- model_aliases -------------------------------------------------------------------------------------------

    Map<String, Plan> aliases(Map<String, GatewayFile.AliasEntry> entries, ModelIndex models,
                                            List<Upstream> upstreams) {
        this.aliasEntries = entries;
        this.models = models;
        Map<String, Plan> routes = new LinkedHashMap<>();
        for (String name : new TreeMap<>(entries).keySet()) {
            if (!ALIAS_NAME.matcher(name).matches()) {
                problems.add("model_aliases." + name + ": alias name '" + name
                        + "' may only contain letters, digits, '.', '-' and '_'");
                continue;
            }
            plan(name, new ArrayList<>()).ifPresent(route -> routes.put(name, route));
        }
        return routes;
    }

    private Map<String, GatewayFile.AliasEntry> aliasEntries = Map.of();
    private ModelIndex models;
    /** Plans already built (empty when the alias was refused), so each alias is checked and reported once. */
    private final Map<String, Optional<Plan>> plans = new HashMap<>();

    /**
     * Builds one alias's attempt plan: its own target (one model, a split or a pool) followed by its fallback steps.
     * An alias named by {@code target} lends its whole plan; one named by a fallback step is expanded in place,
     * its first step taking that step's conditions. {@code chain} holds the aliases being built, to refuse cycles.
     */
    private Optional<Plan> plan(String name, List<String> chain) {
        if (plans.containsKey(name)) {
            return plans.get(name);
        }
        chain.add(name);
        int before = problems.size();
        String path = "model_aliases." + name;
        GatewayFile.AliasEntry alias = aliasEntries.get(name);
        Optional<Duration> maxLatency = guardrails(path + ".guardrails", alias.guardrails());
        List<FallbackStep> steps = new ArrayList<>();
        boolean hasTarget = alias.target().isPresent();
        boolean hasTargets = alias.targets().isPresent();
        if (hasTarget && hasTargets) {
            problems.add(path + ": set exactly one of target and targets, not both");
        } else if (!hasTarget && !hasTargets) {
            problems.add(path + ".target: required (or targets, for a traffic split or a load-balanced pool)");
        } else if (hasTarget) {
            if (alias.loadBalance().isPresent()) {
                problems.add(path + ".load_balance: needs targets, one per endpoint");
            }
            if (alias.stickyBy().isPresent()) {
                problems.add(path + ".sticky_by: only applies to a traffic split (targets with weights)");
            }
            CanaryEntries.onlyOnASplit(path, alias, problems);
            String reference = alias.target().get().trim();
            if (reference.isEmpty()) {
                problems.add(path + ".target: required");
            } else if (aliasEntries.containsKey(reference)) {
                Optional<Plan> inner = aliasPlan(reference, path + ".target", chain);
                if (inner.isPresent()) {
                    steps.addAll(inner.get().steps());
                    maxLatency = maxLatency.or(() -> inner.get().maxLatency());
                }
            } else {
                model(reference, path + ".target", name).ifPresent(t -> steps.add(FallbackStep.primary(new Selector.Single(t))));
            }
        } else if (alias.loadBalance().isPresent()) {
            CanaryEntries.onlyOnASplit(path, alias, problems);
            pool(path, alias).ifPresent(pool -> steps.add(FallbackStep.primary(pool)));
        } else {
            split(path, alias, chain).ifPresent(split -> steps.add(FallbackStep.primary(split)));
        }
        List<GatewayFile.FallbackEntry> fallbacks = alias.fallbacks().orElse(List.of());
        for (int i = 0; i < fallbacks.size(); i++) {
            fallback(path + ".fallbacks[" + i + "]", fallbacks.get(i), name, chain, steps);
        }
        chain.remove(chain.size() - 1);
        Optional<Plan> result = problems.size() > before || steps.isEmpty()
                ? Optional.empty()
                : Optional.of(new Plan(name, steps, maxLatency));
        plans.put(name, result);
        return result;
    }

    /** The plan of another alias named at {@code keyPath}, refusing a cycle back to an alias being built. */
    private Optional<Plan> aliasPlan(String reference, String keyPath, List<String> chain) {
        if (chain.contains(reference)) {
            problems.add(keyPath + ": circular reference " + String.join(" -> ", chain) + " -> " + reference);
            return Optional.empty();
        }
        return plan(reference, chain);
    }

    /** A provider model (not an alias): undefined and ambiguous references are refused. */
    private Optional<Target> model(String reference, String keyPath, String aliasName) {
        ModelIndex.Lookup lookup = models.find(reference);
        if (lookup.isAmbiguous()) {
            problems.add(keyPath + ": '" + reference + "' is ambiguous, it is configured at "
                    + String.join(" and ", lookup.ambiguousCandidates()) + "; write provider/model");
            return Optional.empty();
        }
        if (lookup.target().isEmpty()) {
            if (embedded) {
                String why = reference.contains("/")
                        ? providers.leftOutFor(reference.substring(0, reference.indexOf('/')))
                                .map(variable -> "its provider needs " + variable + ", which is not set")
                                .orElse("its target '" + reference + "' is not available")
                        : "its target '" + reference + "' is not available";
                warnings.add("alias '" + aliasName + "' left out of the default configuration: " + why);
                leftOut.put(aliasName, why);
                return Optional.empty();
            }
            problems.add(keyPath + ": '" + reference + "' is not defined in llm_providers or model_aliases");
        }
        return lookup.target();
    }

    private void fallback(String path, GatewayFile.FallbackEntry entry, String aliasName, List<String> chain,
                          List<FallbackStep> steps) {
        Set<Condition> conditions = EnumSet.noneOf(Condition.class);
        boolean afterEarlierSteps = false;
        if (entry.conditions().isEmpty()) {
            conditions.addAll(Condition.DEFAULT_SET);
        } else if (entry.conditions().get().isEmpty()) {
            problems.add(path + ".conditions: empty; omit the key for the default set");
        } else {
            for (String raw : entry.conditions().get()) {
                String condition = raw.trim();
                if (condition.equals(Condition.AFTER_EARLIER_STEPS)) {
                    afterEarlierSteps = true;
                } else {
                    Optional<Condition> known = Condition.byConfigName(condition);
                    if (known.isEmpty()) {
                        problems.add(path + ".conditions: unknown condition '" + condition + "' (known: "
                                + String.join(", ", CONDITION_NAMES) + ")");
                    } else {
                        conditions.add(known.get());
                    }
                }
            }
        }
        String reference = entry.target().map(String::trim).orElse("");
        if (reference.isEmpty()) {
            problems.add(path + ".target: required");
            return;
        }
        String label = path.substring(path.lastIndexOf('.') + 1);
        if (aliasEntries.containsKey(reference)) {
            Optional<Plan> inner = aliasPlan(reference, path + ".target", chain);
            if (inner.isPresent()) {
                List<FallbackStep> innerSteps = inner.get().steps();
                steps.add(new FallbackStep(innerSteps.get(0).selector(), conditions, afterEarlierSteps, label));
                steps.addAll(innerSteps.subList(1, innerSteps.size()));
            }
            return;
        }
        Optional<Target> target = model(reference, path + ".target", aliasName);
        if (target.isPresent()) {
            steps.add(new FallbackStep(new Selector.Single(target.get()), conditions, afterEarlierSteps, label));
        }
    }

    private static final List<String> CONDITION_NAMES = java.util.stream.Stream.concat(
            java.util.Arrays.stream(Condition.values()).filter(c -> c != Condition.CALLER_FAULT)
                    .map(Condition::configName),
            java.util.stream.Stream.of(Condition.AFTER_EARLIER_STEPS)).toList();

    /** {@code targets} with weights: a traffic split or canary. */
    private Optional<Selector.Split> split(String path, GatewayFile.AliasEntry alias, List<String> chain) {
        List<GatewayFile.TargetEntry> targets = alias.targets().get();
        if (targets.isEmpty()) {
            problems.add(path + ".targets: empty; list at least one model");
            return Optional.empty();
        }
        int before = problems.size();
        List<Selector.Arm> arms = new ArrayList<>();
        int sum = 0;
        for (int i = 0; i < targets.size(); i++) {
            String armPath = path + ".targets[" + i + "]";
            GatewayFile.TargetEntry entry = targets.get(i);
            if (entry.endpoint().isPresent()) {
                problems.add(armPath + ".endpoint: endpoints need load_balance (a traffic split picks models)");
            }
            if (entry.weight().isEmpty()) {
                problems.add(armPath + ".weight: required in a traffic split (percent of requests)");
            } else if (entry.weight().get() <= 0) {
                problems.add(armPath + ".weight: " + entry.weight().get() + ", must be greater than 0");
            } else {
                sum += entry.weight().get();
            }
            String reference = entry.model().map(String::trim).orElse("");
            if (reference.isEmpty()) {
                problems.add(armPath + ".model: required");
                continue;
            }
            Optional<Target> target;
            if (aliasEntries.containsKey(reference)) {
                Optional<Plan> inner = aliasPlan(reference, armPath + ".model", chain);
                target = inner.filter(r -> r.steps().size() == 1 && r.steps().get(0).selector() instanceof Selector.Single)
                        .map(Plan::target);
                if (inner.isPresent() && target.isEmpty()) {
                    problems.add(armPath + ".model: alias '" + reference + "' is not a single model; a split arm "
                            + "names one model");
                }
            } else {
                target = model(reference, armPath + ".model", path.substring("model_aliases.".length()));
            }
            int weight = entry.weight().orElse(0);
            target.ifPresent(t -> arms.add(new Selector.Arm(t, weight)));
        }
        if (problems.size() == before && sum != 100) {
            problems.add(path + ".targets: weights sum to " + sum + ", must be 100");
        }
        Optional<StickyBy> sticky = Optional.empty();
        if (alias.stickyBy().isPresent()) {
            sticky = StickyBy.parse(alias.stickyBy().get());
            if (sticky.isEmpty()) {
                problems.add(path + ".sticky_by: '" + alias.stickyBy().get() + "' is not user or header:<name>");
            }
        }
        if (problems.size() > before || arms.size() != targets.size()) {
            return Optional.empty();
        }
        Optional<CanaryPolicy> canary = alias.canary().flatMap(c -> CanaryEntries.policy(path + ".canary", c, problems));
        return Optional.of(new Selector.Split(arms, sticky, canary));
    }

    /** {@code load_balance} with {@code targets}: endpoints of one model, each a derived provider entry. */
    private Optional<Selector.Pool> pool(String path, GatewayFile.AliasEntry alias) {
        int before = problems.size();
        String algorithmName = alias.loadBalance().get().algorithm().map(String::trim).orElse("");
        Optional<Selector.Algorithm> algorithm = Selector.Algorithm.byConfigName(algorithmName);
        if (algorithmName.isEmpty()) {
            problems.add(path + ".load_balance.algorithm: required (round_robin, least_connections, weighted or latency)");
        } else if (algorithm.isEmpty()) {
            problems.add(path + ".load_balance.algorithm: unknown algorithm '" + algorithmName
                    + "' (use round_robin, least_connections, weighted or latency)");
        }
        if (alias.stickyBy().isPresent()) {
            problems.add(path + ".sticky_by: only applies to a traffic split, not to load_balance");
        }
        List<GatewayFile.TargetEntry> targets = alias.targets().get();
        if (targets.isEmpty()) {
            problems.add(path + ".targets: empty; list one entry per endpoint");
        }
        List<Target> endpoints = new ArrayList<>();
        List<Integer> weights = new ArrayList<>();
        String firstModel = null;
        for (int i = 0; i < targets.size(); i++) {
            String entryPath = path + ".targets[" + i + "]";
            GatewayFile.TargetEntry entry = targets.get(i);
            boolean weighted = algorithm.orElse(null) == Selector.Algorithm.WEIGHTED;
            if (weighted && (entry.weight().isEmpty() || entry.weight().get() <= 0)) {
                problems.add(entryPath + ".weight: required and greater than 0 with algorithm weighted");
            } else if (!weighted && entry.weight().isPresent()) {
                problems.add(entryPath + ".weight: only used with algorithm weighted");
            }
            weights.add(entry.weight().orElse(1));
            Optional<Target> endpoint = poolEndpoint(path, entryPath, entry, i + 1);
            if (endpoint.isEmpty()) {
                continue;
            }
            String model = endpoint.get().displayName();
            if (firstModel == null) {
                firstModel = model;
            } else if (!firstModel.equals(model)) {
                problems.add(entryPath + ".model: a load-balanced pool serves one model (targets[0] is "
                        + firstModel + ")");
                continue;
            }
            endpoints.add(endpoint.get());
        }
        if (problems.size() > before || algorithm.isEmpty() || endpoints.isEmpty()) {
            return Optional.empty();
        }
        alias.loadBalance().flatMap(GatewayFile.LoadBalanceEntry::circuitBreaker)
                .flatMap(b -> BreakerEntries.settings(path + ".load_balance.circuit_breaker", b, problems))
                .ifPresent(settings -> endpoints.forEach(e -> breakers.put(e.upstream().id(), settings)));
        return Optional.of(new Selector.Pool(endpoints, algorithm.get(), weights));
    }

    /** One pool endpoint: its provider model, served at its own {@code endpoint} (a derived provider entry). */
    private Optional<Target> poolEndpoint(String path, String entryPath, GatewayFile.TargetEntry entry,
                                          int position) {
        String reference = entry.model().map(String::trim).orElse("");
        if (reference.isEmpty()) {
            problems.add(entryPath + ".model: required");
            return Optional.empty();
        }
        if (aliasEntries.containsKey(reference)) {
            problems.add(entryPath + ".model: '" + reference + "' is an alias; a pool endpoint names a provider model");
            return Optional.empty();
        }
        if (entry.endpoint().isEmpty() || entry.endpoint().get().isBlank()) {
            problems.add(entryPath + ".endpoint: required with load_balance (base URL of this instance)");
            return Optional.empty();
        }
        Optional<Target> target = model(reference, entryPath + ".model", path.substring("model_aliases.".length()));
        if (target.isEmpty()) {
            return Optional.empty();
        }
        Target model = target.get();
        Upstream base = model.upstream();
        URI uri = providers.endpoint(entryPath + ".endpoint", base.kind(), entry.endpoint());
        if (uri == null) {
            return Optional.empty();
        }
        Upstream derived = new Upstream(base.id() + "@" + position, base.kind(),
                base.providerPrefix(), model.modelId(), base.name(), uri, base.key(), base.headers(),
                base.passthroughAuth(), base.apiVersion(), false, base.embeddings(), base.responsesApi(), base.aws());
        return Optional.of(new Target(derived, model.modelId()));
    }

    /** {@code guardrails.max_latency} (the attempt loop enforces it); the other rules are {@link GuardrailEntries}'. */
    private Optional<Duration> guardrails(String path, Optional<GatewayFile.GuardrailsEntry> guardrails) {
        if (guardrails.isEmpty()) {
            return Optional.empty();
        }
        GatewayFile.GuardrailsEntry g = guardrails.get();
        if (g.maxLatency().isEmpty()) {
            return Optional.empty();
        }
        Optional<Duration> duration = Durations.parse(g.maxLatency().get());
        if (duration.isEmpty()) {
            problems.add(path + ".max_latency: '" + g.maxLatency().get()
                    + "' is not a duration (a positive whole number with ms, s or m, e.g. 500ms, 5s, 1m)");
        }
        return duration;
    }
}
