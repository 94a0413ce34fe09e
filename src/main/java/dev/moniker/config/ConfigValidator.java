package dev.moniker.config;

import dev.moniker.provider.ProviderKind;
import dev.moniker.provider.Secret;
import dev.moniker.provider.Upstream;
import dev.moniker.routing.AliasRoute;
import dev.moniker.routing.ModelIndex;
import dev.moniker.routing.RoutingTable;
import dev.moniker.routing.Target;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
        URI endpoint = kind == null ? null : endpoint(path, kind, entry.baseUrl());
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

    private URI endpoint(String path, ProviderKind kind, Optional<String> baseUrl) {
        if (baseUrl.isEmpty()) {
            if (kind.defaultBase().isEmpty()) {
                problems.add(path + ".base_url: required for provider " + kind.prefix());
                return null;
            }
            return URI.create(kind.defaultBase().get() + kind.defaultPrefix());
        }
        String raw = baseUrl.get().trim();
        URI uri;
        try {
            uri = new URI(raw);
        } catch (URISyntaxException e) {
            problems.add(path + ".base_url: '" + raw + "' is not a valid URL (" + e.getReason() + ")");
            return null;
        }
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            problems.add(path + ".base_url: '" + raw + "' must be http(s)://host[:port][/path]");
            return null;
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            problems.add(path + ".base_url: '" + raw + "' must not carry a query, fragment or credentials "
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
        Map<String, AliasRoute> routes = new LinkedHashMap<>();
        for (Map.Entry<String, GatewayFile.AliasEntry> entry : new TreeMap<>(entries).entrySet()) {
            String name = entry.getKey();
            String path = "model_aliases." + name;
            if (!ALIAS_NAME.matcher(name).matches()) {
                problems.add(path + ": alias name '" + name + "' may only contain letters, digits, '.', '-' and '_'");
                continue;
            }
            GatewayFile.AliasEntry alias = entry.getValue();
            if (alias.targets().isPresent() || alias.fallbacks().isPresent() || alias.loadBalance().isPresent()
                    || alias.guardrails().isPresent() || alias.stickyBy().isPresent()) {
                problems.add(path + ": targets, fallbacks, load_balance, guardrails and sticky_by are not supported yet");
                continue;
            }
            if (alias.target().isEmpty() || alias.target().get().isBlank()) {
                problems.add(path + ".target: required");
                continue;
            }
            resolveAlias(name, entries, models, new ArrayList<>())
                    .ifPresent(target -> routes.put(name, new AliasRoute(name, target)));
        }
        return routes;
    }

    /** Follows an alias chain to a concrete target; reports undefined, ambiguous and circular targets. */
    private Optional<Target> resolveAlias(String name, Map<String, GatewayFile.AliasEntry> entries, ModelIndex models,
                                          List<String> chain) {
        chain.add(name);
        String path = "model_aliases." + chain.get(0) + ".target";
        String target = entries.get(name).target().map(String::trim).orElse("");
        if (entries.containsKey(target)) {
            if (chain.contains(target)) {
                problems.add(path + ": circular reference " + String.join(" -> ", chain) + " -> " + target);
                return Optional.empty();
            }
            if (entries.get(target).target().isEmpty()) {
                return Optional.empty(); // reported on that alias itself
            }
            return resolveAlias(target, entries, models, chain);
        }
        ModelIndex.Lookup lookup = models.find(target);
        if (lookup.isAmbiguous()) {
            problems.add(path + ": '" + target + "' is ambiguous, it is configured at "
                    + String.join(" and ", lookup.ambiguousCandidates()) + "; write provider/model");
            return Optional.empty();
        }
        if (lookup.target().isEmpty()) {
            if (embedded) {
                warnings.add("alias '" + chain.get(0) + "' left out of the default configuration: its target '"
                        + target + "' is not available");
                return Optional.empty();
            }
            problems.add(path + ": '" + target + "' is not defined in llm_providers or model_aliases");
            return Optional.empty();
        }
        return lookup.target();
    }
}
