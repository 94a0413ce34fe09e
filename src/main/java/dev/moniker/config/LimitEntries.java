package dev.moniker.config;

import dev.moniker.limit.Limits;
import dev.moniker.limit.TokenRule;
import dev.moniker.limit.Window;
import dev.moniker.provider.Upstream;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/** Validates {@code client_keys[].limits} and archgw's {@code ratelimits} into {@link Limits}, naming each key. */
final class LimitEntries {

    private static final Set<String> KEY_LIMITS = Set.of("requests_per_minute", "tokens_per_minute",
            "max_cost_per_day", "max_concurrent_streams");

    private final List<String> problems;
    private final Map<String, String> environment;

    LimitEntries(List<String> problems, Map<String, String> environment) {
        this.problems = problems;
        this.environment = environment;
    }

    /** @param rules each token budget by the key path it was written at ({@code ratelimits[0]}) */
    Limits limits(List<GatewayFile.ClientKeyEntry> keys, List<Map.Entry<String, GatewayFile.RateLimitEntry>> rules,
                  Optional<GatewayFile.LimitsStoreEntry> store, List<Upstream> upstreams) {
        Map<String, Limits.KeyLimits> byKey = new HashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            GatewayFile.ClientKeyEntry key = keys.get(i);
            if (!key.limits().isEmpty() && key.name().isPresent()) {
                keyLimits("client_keys[" + i + "].limits", key.limits())
                        .ifPresent(limits -> byKey.put(key.name().get().trim(), limits));
            }
        }
        Set<String> models = new HashSet<>();
        for (Upstream upstream : upstreams) {
            models.add(upstream.id());
            upstream.name().ifPresent(models::add);
            models.add(upstream.qualifiedModel());
            if (upstream.modelId() != null) {
                models.add(upstream.modelId());
            }
        }
        List<TokenRule> tokenRules = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            rule(rules.get(i).getKey(), i, rules.get(i).getValue(), models).ifPresent(tokenRules::add);
        }
        return new Limits(byKey, tokenRules, store.map(this::store).orElse(Limits.Store.MEMORY));
    }

    private Optional<Limits.KeyLimits> keyLimits(String path, Map<String, String> entries) {
        Map<String, Long> values = new HashMap<>();
        double[] cost = {-1};
        new java.util.TreeMap<>(entries).forEach((name, value) -> {
            if (!KEY_LIMITS.contains(name)) {
                problems.add(path + "." + name + ": unknown limit (known: requests_per_minute, tokens_per_minute, "
                        + "max_cost_per_day, max_concurrent_streams)");
            } else if (name.equals("max_cost_per_day")) {
                usd(path + "." + name, value).ifPresent(v -> cost[0] = v);
            } else {
                positive(path + "." + name, value).ifPresent(v -> values.put(name, v));
            }
        });
        return Optional.of(new Limits.KeyLimits(optional(values.get("requests_per_minute")),
                optional(values.get("tokens_per_minute")),
                cost[0] > 0 ? java.util.OptionalDouble.of(cost[0]) : java.util.OptionalDouble.empty(),
                optional(values.get("max_concurrent_streams"))));
    }

    private Optional<TokenRule> rule(String path, int index, GatewayFile.RateLimitEntry entry, Set<String> models) {
        int before = problems.size();
        String model = entry.model().map(String::trim).orElse("");
        if (model.isEmpty()) {
            problems.add(path + ".model: required (the provider model or entry name the budget is for)");
        } else if (!models.contains(model)) {
            problems.add(path + ".model: '" + model + "' is not a configured provider model or entry name");
        }
        String header = entry.selector().flatMap(GatewayFile.SelectorEntry::key).map(String::trim).orElse("");
        if (header.isEmpty()) {
            problems.add(path + ".selector.key: required (the request header whose value selects the budget)");
        }
        Optional<String> value = entry.selector().flatMap(GatewayFile.SelectorEntry::value).map(String::trim)
                .filter(v -> !v.isEmpty());
        Optional<Long> tokens = entry.limit().flatMap(GatewayFile.LimitEntry::tokens);
        if (tokens.isEmpty() || tokens.get() < 1) {
            problems.add(path + ".limit.tokens: required, a positive number of tokens per unit");
        }
        String unitName = entry.limit().flatMap(GatewayFile.LimitEntry::unit).orElse("");
        Optional<Window> unit = Window.byConfigName(unitName);
        if (unit.isEmpty()) {
            problems.add(path + ".limit.unit: '" + unitName + "' is not a unit (known: second, minute, hour, day)");
        }
        if (problems.size() > before) {
            return Optional.empty();
        }
        return Optional.of(new TokenRule(index, path, model, header.toLowerCase(java.util.Locale.ROOT), value, tokens.get(),
                unit.get()));
    }

    /**
     * A key with {@code max_cost_per_day} must be able to price everything it can reach (the aliases and provider
     * models its {@code allowed_aliases} admit): a spend limit that cannot count an answer is not accepted.
     */
    void priced(List<GatewayFile.ClientKeyEntry> keys, Limits limits, Map<String, dev.moniker.routing.Plan> aliases,
                List<Upstream> upstreams, dev.moniker.cost.Prices prices) {
        for (int i = 0; i < keys.size(); i++) {
            GatewayFile.ClientKeyEntry entry = keys.get(i);
            Limits.KeyLimits own = entry.name().map(String::trim).map(limits.keys()::get).orElse(null);
            if (own == null || own.costPerDay().isEmpty()) {
                continue;
            }
            dev.moniker.access.ClientKey key = new dev.moniker.access.ClientKey(entry.name().get(), "",
                    entry.allowedAliases().orElse(List.of()));
            Set<String> unpriced = new java.util.TreeSet<>();
            aliases.forEach((alias, plan) -> {
                if (key.allows(alias)) {
                    plan.targets().stream().filter(t -> prices.of(t.upstream().id(), t.modelId()).isEmpty())
                            .forEach(t -> unpriced.add(t.displayName()));
                }
            });
            for (Upstream upstream : upstreams) {
                if (key.allows(upstream.qualifiedModel()) && prices.of(upstream.id(),
                        upstream.modelId() == null ? "" : upstream.modelId()).isEmpty()) {
                    unpriced.add(upstream.qualifiedModel());
                }
            }
            String path = "client_keys[" + i + "].limits.max_cost_per_day";
            unpriced.forEach(model -> problems.add(path + ": no price is known for " + model + ", which this key "
                    + "can reach; give its llm_providers entry pricing: {input_per_million: ..., output_per_million: "
                    + "...} (USD), or narrow allowed_aliases"));
        }
    }

    /** {@code limits_store}: memory, or Redis at {@code url} (a {@code $NAME} read from the environment). */
    private Limits.Store store(GatewayFile.LimitsStoreEntry entry) {
        String path = "limits_store";
        String type = entry.type().map(String::trim).orElse("memory");
        boolean deny = false;
        String onError = entry.onStoreError().map(String::trim).orElse("allow");
        if (onError.equals("deny")) {
            deny = true;
        } else if (!onError.equals("allow")) {
            problems.add(path + ".on_store_error: '" + onError + "' must be allow or deny");
        }
        java.time.Duration timeout = java.time.Duration.ofMillis(250);
        if (entry.timeout().isPresent()) {
            Optional<java.time.Duration> parsed = dev.moniker.routing.Durations.parse(entry.timeout().get());
            if (parsed.isEmpty()) {
                problems.add(path + ".timeout: '" + entry.timeout().get() + "' is not a duration (e.g. 250ms, 1s)");
            } else {
                timeout = parsed.get();
            }
        }
        switch (type) {
            case "memory" -> {
                if (entry.url().isPresent()) {
                    problems.add(path + ".url: only with type: redis");
                }
                return Limits.Store.MEMORY;
            }
            case "redis" -> {
                String url = entry.url().map(String::trim).orElse("");
                java.util.regex.Matcher reference = ProviderEntries.ENV_REFERENCE.matcher(url);
                if (reference.matches()) {
                    String variable = reference.group(1) != null ? reference.group(1) : reference.group(2);
                    url = environment.getOrDefault(variable, "").trim();
                    if (url.isEmpty()) {
                        problems.add(path + ".url: environment variable " + variable + " is not set");
                        return Limits.Store.MEMORY;
                    }
                }
                if (!url.startsWith("redis://") && !url.startsWith("rediss://")) {
                    // The value may hold a password: name the key, never echo it.
                    problems.add(path + ".url: required with type: redis, as redis://[:password@]host:port[/db]");
                    return Limits.Store.MEMORY;
                }
                return new Limits.Store(Optional.of(url), deny, timeout);
            }
            default -> {
                problems.add(path + ".type: '" + type + "' is not a store (known: memory, redis)");
                return Limits.Store.MEMORY;
            }
        }
    }

    private Optional<Double> usd(String path, String value) {
        try {
            double parsed = Double.parseDouble(value.trim());
            if (parsed > 0 && !Double.isInfinite(parsed)) {
                return Optional.of(parsed);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.add(path + ": '" + value + "' must be a positive amount of USD (e.g. 25.00)");
        return Optional.empty();
    }

    private Optional<Long> positive(String path, String value) {
        try {
            long parsed = Long.parseLong(value.trim());
            if (parsed > 0) {
                return Optional.of(parsed);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.add(path + ": '" + value + "' must be a positive whole number");
        return Optional.empty();
    }

    private static OptionalLong optional(Long value) {
        return value == null ? OptionalLong.empty() : OptionalLong.of(value);
    }
}
