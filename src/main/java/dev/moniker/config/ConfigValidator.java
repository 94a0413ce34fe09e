package dev.moniker.config;

import dev.moniker.provider.ProviderKind;
import dev.moniker.provider.Secret;
import dev.moniker.provider.Upstream;
import dev.moniker.routing.AliasRoute;
import dev.moniker.routing.Condition;
import dev.moniker.routing.Durations;
import dev.moniker.routing.FallbackStep;
import dev.moniker.routing.ModelIndex;
import dev.moniker.routing.RoutingTable;
import dev.moniker.routing.Selector;
import dev.moniker.routing.StickyBy;
import dev.moniker.routing.Target;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one place that decides whether a gateway file is valid, and turns it into the immutable
 * {@link RoutingTable}. Start-up, the offline {@code validate} command and a future reload all call
 * {@link #validate}; every problem names its key path and the reason.
 */
public final class ConfigValidator {

    private static final Pattern ALIAS_NAME = Pattern.compile("[A-Za-z0-9._-]+");
    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$(?:\\{([A-Za-z_][A-Za-z0-9_]*)}|([A-Za-z_][A-Za-z0-9_]*))");

    private final Map<String, String> environment;
    private final boolean embedded;
    private final List<String> problems = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    /** Entries left out of the embedded default because their key variable is unset. */
    private final LinkedHashSet<String> skipped = new LinkedHashSet<>();

    private ConfigValidator(Map<String, String> environment, boolean embedded) {
        this.environment = environment;
        this.embedded = embedded;
    }

    /**
     * Validates a bound gateway file.
     *
     * @param environment environment variables for {@code $NAME} references
     * @param embedded    whether this is the embedded default, where a provider whose key variable is unset is
     *                    left out with a warning instead of refusing to start
     * @param origin      where the file came from, for messages
     */
    public static ValidatedConfig validate(GatewayFile file, Map<String, String> environment, boolean embedded,
                                           String origin) {
        ConfigValidator validator = new ConfigValidator(environment, embedded);
        List<Upstream> upstreams = validator.upstreams(file);
        ModelIndex models = new ModelIndex(upstreams);
        Map<String, AliasRoute> aliases = validator.aliases(file.modelAliases(), models, upstreams);
        if (upstreams.isEmpty() && validator.problems.isEmpty()) {
            validator.problems.add("llm_providers: no provider model is configured");
        }
        if (!validator.problems.isEmpty()) {
            throw new InvalidConfigException(origin, validator.problems);
        }
        return new ValidatedConfig(new RoutingTable(aliases, models), List.copyOf(validator.warnings), origin);
    }

    // ---- llm_providers -------------------------------------------------------------------------------------------

    private List<Upstream> upstreams(GatewayFile file) {
        List<Upstream> upstreams = new ArrayList<>();
        Map<String, String> namePaths = new HashMap<>();
        Map<String, String> unnamedModelPaths = new HashMap<>();
        String defaultPath = null;
        List<Map.Entry<String, GatewayFile.ProviderEntry>> entries = new ArrayList<>();
        file.llmProviders().ifPresent(list -> addAll(entries, "llm_providers", list));
        file.modelProviders().ifPresent(list -> addAll(entries, "model_providers", list));
        for (Map.Entry<String, GatewayFile.ProviderEntry> entry : entries) {
            String path = entry.getKey();
            Optional<Upstream> upstream = upstream(path, entry.getValue());
            if (upstream.isEmpty()) {
                continue;
            }
            Upstream u = upstream.get();
            if (u.name().isPresent()) {
                String previous = namePaths.putIfAbsent(u.name().get(), path);
                if (previous != null) {
                    problems.add(path + ".name: duplicate instance name '" + u.name().get() + "' (already used by "
                            + previous + ")");
                }
                if (file.modelAliases().containsKey(u.name().get())) {
                    problems.add(path + ".name: '" + u.name().get() + "' is also an alias name; rename one of them");
                }
            } else {
                String previous = unnamedModelPaths.putIfAbsent(u.qualifiedModel(), path);
                if (previous != null) {
                    problems.add(path + ".model: '" + u.qualifiedModel() + "' is already configured by " + previous
                            + "; give each entry a distinct 'name' to configure a model twice");
                }
            }
            if (u.isDefault()) {
                if (u.isWildcard()) {
                    problems.add(path + ".default: a wildcard entry cannot be the default model");
                } else if (defaultPath != null) {
                    problems.add(path + ".default: only one entry may be the default (already " + defaultPath + ")");
                } else {
                    defaultPath = path;
                }
            }
            upstreams.add(u);
        }
        return upstreams;
    }

    private static void addAll(List<Map.Entry<String, GatewayFile.ProviderEntry>> entries, String section,
                               List<GatewayFile.ProviderEntry> list) {
        for (int i = 0; i < list.size(); i++) {
            entries.add(Map.entry(section + "[" + i + "]", list.get(i)));
        }
    }

    private Optional<Upstream> upstream(String path, GatewayFile.ProviderEntry entry) {
        int before = problems.size();
        String model = entry.model().map(String::trim).orElse("");
        if (model.isEmpty()) {
            problems.add(path + ".model: required (provider/model-name, e.g. openai/gpt-4o)");
            return Optional.empty();
        }
        int slash = model.indexOf('/');
        if (slash <= 0 || slash == model.length() - 1) {
            problems.add(path + ".model: '" + model + "' must be provider/model-name (e.g. openai/gpt-4o) or provider/*");
            return Optional.empty();
        }
        String prefix = model.substring(0, slash);
        String modelId = model.substring(slash + 1);
        if (modelId.equals("*")) {
            modelId = null;
        }

        ProviderKind kind = kind(path, prefix, entry);
        URI endpoint = kind == null ? null : endpoint(path + ".base_url", kind, entry.baseUrl());
        Optional<Secret> key = entry.accessKey().flatMap(value -> secret(path + ".access_key", value, prefix));
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        entry.headers().forEach((name, value) -> secret(path + ".headers." + name, value, prefix)
                .ifPresent(resolved -> headers.put(name, resolved.reveal())));
        if (skipped.remove(path)) {
            return Optional.empty();
        }
        if (problems.size() > before) {
            return Optional.empty();
        }
        String id = entry.name().orElse(model);
        return Optional.of(new Upstream(id, kind, prefix, modelId, entry.name(), endpoint, key,
                Map.copyOf(headers), entry.passthroughAuth().orElse(false), entry.apiVersion(),
                entry.isDefault().orElse(false)));
    }

    private ProviderKind kind(String path, String prefix, GatewayFile.ProviderEntry entry) {
        if (entry.providerInterface().isPresent()) {
            String declared = entry.providerInterface().get();
            Optional<ProviderKind> kind = ProviderKind.byInterface(declared);
            if (kind.isEmpty()) {
                problems.add(path + ".provider_interface: '" + declared + "' is not supported (use openai or anthropic)");
                return null;
            }
            if (entry.baseUrl().isEmpty()) {
                problems.add(path + ".base_url: required with provider_interface");
                return null;
            }
            // A known prefix keeps its own auth and paths; provider_interface only names the format of unknown ones.
            return ProviderKind.byPrefix(prefix).filter(k -> k.wireFormat() == kind.get().wireFormat())
                    .orElse(kind.get());
        }
        if (prefix.equals("amazon_bedrock")) {
            problems.add(path + ".model: amazon_bedrock (Bedrock Converse) is not supported yet; use an "
                    + "OpenAI-compatible Bedrock gateway with provider_interface: openai");
            return null;
        }
        Optional<ProviderKind> known = ProviderKind.byPrefix(prefix);
        if (known.isEmpty()) {
            problems.add(path + ".model: unknown provider '" + prefix + "'; for another endpoint set "
                    + "provider_interface (openai or anthropic) and base_url");
            return null;
        }
        return known.get();
    }

    private URI endpoint(String keyPath, ProviderKind kind, Optional<String> baseUrl) {
        if (baseUrl.isEmpty()) {
            if (kind.defaultBase().isEmpty()) {
                problems.add(keyPath + ": required for provider " + kind.prefix());
                return null;
            }
            return URI.create(kind.defaultBase().get() + kind.defaultPrefix());
        }
        String raw = baseUrl.get().trim();
        URI uri;
        try {
            uri = new URI(raw);
        } catch (URISyntaxException e) {
            problems.add(keyPath + ": '" + raw + "' is not a valid URL (" + e.getReason() + ")");
            return null;
        }
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            problems.add(keyPath + ": '" + raw + "' must be http(s)://host[:port][/path]");
            return null;
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            problems.add(keyPath + ": '" + raw + "' must not carry a query, fragment or credentials "
                    + "(use access_key and headers)");
            return null;
        }
        String pathPart = uri.getRawPath() == null ? "" : uri.getRawPath();
        while (pathPart.endsWith("/")) {
            pathPart = pathPart.substring(0, pathPart.length() - 1);
        }
        // archgw rule: a path in base_url replaces the provider's default prefix.
        String prefixPath = pathPart.isEmpty() ? kind.defaultPrefix() : pathPart;
        String authority = uri.getScheme() + "://" + uri.getRawAuthority();
        return URI.create(authority + prefixPath);
    }

    private Optional<Secret> secret(String keyPath, String value, String prefix) {
        Matcher matcher = ENV_REFERENCE.matcher(value.trim());
        if (!matcher.matches()) {
            return Optional.of(new Secret(value));
        }
        String variable = matcher.group(1) != null ? matcher.group(1) : matcher.group(2);
        String resolved = environment.get(variable);
        if (resolved == null || resolved.isEmpty()) {
            String entryPath = keyPath.substring(0, keyPath.indexOf(']') + 1);
            if (embedded) {
                if (skipped.add(entryPath)) {
                    warnings.add("provider '" + prefix + "' left out of the default configuration: environment "
                            + "variable " + variable + " is not set");
                }
                return Optional.empty();
            }
            problems.add(keyPath + ": environment variable " + variable + " is not set");
            return Optional.empty();
        }
        return Optional.of(new Secret(resolved));
    }

    // ---- model_aliases -------------------------------------------------------------------------------------------

    private Map<String, AliasRoute> aliases(Map<String, GatewayFile.AliasEntry> entries, ModelIndex models,
                                            List<Upstream> upstreams) {
        this.aliasEntries = entries;
        this.models = models;
        Map<String, AliasRoute> routes = new LinkedHashMap<>();
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
    private final Map<String, Optional<AliasRoute>> plans = new HashMap<>();

    /**
     * Builds one alias's attempt plan: its own target (one model, a split or a pool) followed by its fallback steps.
     * An alias named by {@code target} lends its whole plan; one named by a fallback step is expanded in place,
     * its first step taking that step's conditions. {@code chain} holds the aliases being built, to refuse cycles.
     */
    private Optional<AliasRoute> plan(String name, List<String> chain) {
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
            String reference = alias.target().get().trim();
            if (reference.isEmpty()) {
                problems.add(path + ".target: required");
            } else if (aliasEntries.containsKey(reference)) {
                Optional<AliasRoute> inner = aliasPlan(reference, path + ".target", chain);
                if (inner.isPresent()) {
                    steps.addAll(inner.get().steps());
                    maxLatency = maxLatency.or(() -> inner.get().maxLatency());
                }
            } else {
                model(reference, path + ".target", name).ifPresent(t -> steps.add(FallbackStep.primary(new Selector.Single(t))));
            }
        } else if (alias.loadBalance().isPresent()) {
            pool(path, alias).ifPresent(pool -> steps.add(FallbackStep.primary(pool)));
        } else {
            split(path, alias, chain).ifPresent(split -> steps.add(FallbackStep.primary(split)));
        }
        List<GatewayFile.FallbackEntry> fallbacks = alias.fallbacks().orElse(List.of());
        for (int i = 0; i < fallbacks.size(); i++) {
            fallback(path + ".fallbacks[" + i + "]", fallbacks.get(i), name, chain, steps);
        }
        chain.remove(chain.size() - 1);
        Optional<AliasRoute> result = problems.size() > before || steps.isEmpty()
                ? Optional.empty()
                : Optional.of(new AliasRoute(name, steps, maxLatency));
        plans.put(name, result);
        return result;
    }

    /** The plan of another alias named at {@code keyPath}, refusing a cycle back to an alias being built. */
    private Optional<AliasRoute> aliasPlan(String reference, String keyPath, List<String> chain) {
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
                warnings.add("alias '" + aliasName + "' left out of the default configuration: its target '"
                        + reference + "' is not available");
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
            Optional<AliasRoute> inner = aliasPlan(reference, path + ".target", chain);
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
                Optional<AliasRoute> inner = aliasPlan(reference, armPath + ".model", chain);
                target = inner.filter(r -> r.steps().size() == 1 && r.steps().get(0).selector() instanceof Selector.Single)
                        .map(AliasRoute::target);
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
        return Optional.of(new Selector.Split(arms, sticky));
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
            String reference = entry.model().map(String::trim).orElse("");
            if (reference.isEmpty()) {
                problems.add(entryPath + ".model: required");
                continue;
            }
            if (aliasEntries.containsKey(reference)) {
                problems.add(entryPath + ".model: '" + reference + "' is an alias; a pool endpoint names a provider model");
                continue;
            }
            if (entry.endpoint().isEmpty() || entry.endpoint().get().isBlank()) {
                problems.add(entryPath + ".endpoint: required with load_balance (base URL of this instance)");
                continue;
            }
            Optional<Target> target = model(reference, entryPath + ".model", path.substring("model_aliases.".length()));
            if (target.isEmpty()) {
                continue;
            }
            Target model = target.get();
            if (firstModel == null) {
                firstModel = model.displayName();
            } else if (!firstModel.equals(model.displayName())) {
                problems.add(entryPath + ".model: a load-balanced pool serves one model (targets[0] is "
                        + firstModel + ")");
                continue;
            }
            Upstream base = model.upstream();
            URI uri = endpoint(entryPath + ".endpoint", base.kind(), entry.endpoint());
            if (uri == null) {
                continue;
            }
            Upstream derived = new Upstream(base.id() + "@" + (i + 1), base.kind(), base.providerPrefix(),
                    model.modelId(), base.name(), uri, base.key(), base.headers(), base.passthroughAuth(),
                    base.apiVersion(), false);
            endpoints.add(new Target(derived, model.modelId()));
        }
        if (problems.size() > before || algorithm.isEmpty() || endpoints.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Selector.Pool(endpoints, algorithm.get(), weights));
    }

    /** {@code guardrails}: Moniker enforces {@code max_latency}; the other archgw guardrails are refused. */
    private Optional<Duration> guardrails(String path, Optional<GatewayFile.GuardrailsEntry> guardrails) {
        if (guardrails.isEmpty()) {
            return Optional.empty();
        }
        GatewayFile.GuardrailsEntry g = guardrails.get();
        if (g.maxCostPerRequest().isPresent() || g.blockCategories().isPresent() || g.contentFilters().isPresent()) {
            problems.add(path + ": max_cost_per_request, block_categories and content_filters are not supported yet "
                    + "(only max_latency is enforced); remove them rather than rely on them");
        }
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
