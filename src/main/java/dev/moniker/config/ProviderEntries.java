package dev.moniker.config;

import dev.moniker.cost.Price;
import dev.moniker.cost.Prices;
import dev.moniker.provider.AwsSigning;
import dev.moniker.provider.ProviderKind;
import dev.moniker.provider.Secret;
import dev.moniker.provider.Upstream;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Validates {@code llm_providers} (and {@code model_providers}) entries into {@link Upstream}s: provider kind, endpoint
 * (the archgw path-prefix rule), keys from the environment, instance names, the default model. Part of
 * {@link ConfigValidator}; problems and warnings go to the lists it shares.
 */
final class ProviderEntries {

    private static final Pattern SERVICE_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*(:\\d{1,5})?");
    static final Pattern ENV_REFERENCE = Pattern.compile("\\$(?:\\{([A-Za-z_][A-Za-z0-9_]*)}|([A-Za-z_][A-Za-z0-9_]*))");

    private final Map<String, String> environment;
    private final boolean embedded;
    private final List<String> problems;
    private final List<String> warnings;
    /** archgw's named hosts, which an older-format entry's {@code endpoint} may name. */
    private Map<String, GatewayFile.EndpointEntry> endpoints = Map.of();
    /** The {@code circuit_breaker} of each entry that has one, by entry id. */
    private final Map<String, dev.moniker.provider.BreakerSettings> breakers = new HashMap<>();
    /** The {@code pricing} of each entry that has one, by entry id. */
    private final Map<String, Price> pricing = new HashMap<>();
    /** Entries left out of the embedded default because their key variable is unset. */
    private final LinkedHashSet<String> skipped = new LinkedHashSet<>();
    /** Provider prefix of each entry left out of the embedded default, and the variable it needs. */
    private final Map<String, String> leftOut = new java.util.HashMap<>();

    /** The variable the left-out provider with this prefix needs, if it was left out of the embedded default. */
    Optional<String> leftOutFor(String prefix) {
        return Optional.ofNullable(leftOut.get(prefix));
    }

    ProviderEntries(Map<String, String> environment, boolean embedded, List<String> problems, List<String> warnings) {
        this.environment = environment;
        this.embedded = embedded;
        this.problems = problems;
        this.warnings = warnings;
    }

    // ---- llm_providers -------------------------------------------------------------------------------------------

    List<Upstream> upstreams(GatewayFile file) {
        endpoints = file.endpoints();
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
        if (entry.provider().isPresent() && entry.providerInterface().isPresent()) {
            problems.add(path + ".provider: give provider or provider_interface, not both");
            return Optional.empty();
        }
        Optional<String> declared = entry.provider().or(entry::providerInterface).map(String::trim);
        int slash = model.indexOf('/');
        Optional<String> notServed = declared.or(() -> Optional.of(slash > 0 ? model.substring(0, slash) : ""))
                .flatMap(ProviderKind::notServed);
        if (notServed.isPresent()) {
            warnings.add(path + ": left out: " + notServed.get());
            return Optional.empty();
        }
        String prefix;
        String modelId;
        ProviderKind kind;
        if (slash < 0 && declared.isPresent()) {
            // archgw's older shape: name + provider (or provider_interface) + a bare model id.
            prefix = legacyPrefix(declared.get());
            modelId = model;
            kind = legacyKind(path, declared.get(), entry);
        } else {
            if (slash <= 0 || slash == model.length() - 1) {
                problems.add(path + ".model: '" + model + "' must be provider/model-name (e.g. openai/gpt-4o) or "
                        + "provider/*, or a bare model id with provider: (archgw's older format)");
                return Optional.empty();
            }
            prefix = model.substring(0, slash);
            modelId = model.substring(slash + 1);
            kind = kind(path, prefix, entry);
        }
        if ("*".equals(modelId)) {
            modelId = null;
        }
        URI endpoint = kind == null ? null : baseUrl(path, kind, entry);
        Optional<Secret> key = entry.accessKey().flatMap(value -> secret(path + ".access_key", value, prefix));
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        entry.headers().forEach((name, value) -> secret(path + ".headers." + name, value, prefix)
                .ifPresent(resolved -> headers.put(name, resolved.reveal())));
        Optional<AwsSigning> aws = AwsCredentialEntries.signing(path, kind, entry, endpoint, problems,
                (keyPath, value) -> secret(keyPath, value, prefix));
        boolean unusable = problems.size() > before;
        String id = entry.name().orElse(model);
        extensions(path, id, entry, kind);
        if (skipped.remove(path) || unusable) {
            return Optional.empty();
        }
        return Optional.of(new Upstream(id, kind, prefix, modelId, entry.name(), endpoint, key,
                Map.copyOf(headers), entry.passthroughAuth().orElse(false), entry.apiVersion(),
                entry.isDefault().orElse(false), entry.embeddings().orElse(false), entry.responsesApi().orElse(false),
                aws));
    }

    /**
     * Moniker's per-entry extensions ({@code pricing}, {@code circuit_breaker}), and archgw's unused {@code stream}.
     * A bad one is reported but keeps the entry, so aliases naming it do not cascade into "not defined".
     */
    private void extensions(String path, String id, GatewayFile.ProviderEntry entry, ProviderKind kind) {
        if (entry.stream().isPresent()) {
            warnings.add(path + ".stream: not used; each request's own stream flag decides whether it streams");
        }
        if (kind != null && !kind.speaksOpenAi()) {
            String speaks = kind == ProviderKind.AMAZON_BEDROCK ? "Bedrock's Converse API" : "Anthropic's API";
            entry.embeddings().filter(Boolean::booleanValue).ifPresent(on -> problems.add(path + ".embeddings: "
                    + "only OpenAI-format entries serve embeddings; this entry speaks " + speaks));
            entry.responsesApi().filter(Boolean::booleanValue).ifPresent(on -> problems.add(path + ".responses_api: "
                    + "only OpenAI-format entries serve the Responses API; this entry speaks " + speaks));
        }
        entry.pricing().flatMap(p -> PricingEntries.price(path + ".pricing", p, problems)).ifPresent(price -> pricing.put(id, price));
        entry.circuitBreaker().flatMap(b -> BreakerEntries.settings(path + ".circuit_breaker", b, problems))
                .ifPresent(settings -> breakers.put(id, settings));
    }

    /** Each entry's own breaker thresholds, by entry id. */
    Map<String, dev.moniker.provider.BreakerSettings> breakers() {
        return breakers;
    }

    /** The prices the configuration decides: each entry's {@code pricing}, else the built-in list price. */
    Prices prices() {
        return new Prices(pricing);
    }

    private ProviderKind kind(String path, String prefix, GatewayFile.ProviderEntry entry) {
        if (entry.providerInterface().isPresent() || entry.provider().isPresent()) {
            String key = entry.provider().isPresent() ? "provider" : "provider_interface";
            String declared = entry.provider().or(entry::providerInterface).get();
            Optional<ProviderKind> kind = ProviderKind.byInterface(declared);
            if (kind.isEmpty()) {
                problems.add(path + "." + key + ": '" + declared + "' is not supported (use openai, anthropic or a "
                        + "known provider: " + knownProviders() + ")");
                return null;
            }
            // A known prefix keeps its own auth and paths; provider_interface only names the format of unknown ones.
            ProviderKind resolved = ProviderKind.byPrefix(prefix).filter(k -> k.wireFormat() == kind.get().wireFormat())
                    .orElse(kind.get());
            if (resolved.defaultBase().isEmpty() && entry.baseUrl().isEmpty() && entry.endpoint().isEmpty()) {
                problems.add(path + ".base_url: required with " + key + ": " + declared);
                return null;
            }
            return resolved;
        }
        Optional<ProviderKind> known = ProviderKind.byPrefix(legacyPrefix(prefix));
        if (known.isEmpty()) {
            problems.add(path + ".model: unknown provider '" + prefix + "'; for another endpoint set "
                    + "provider_interface (openai or anthropic) and base_url");
            return null;
        }
        return known.get();
    }

    /**
     * The kind of an older-format entry: {@code provider: openai} is OpenAI itself unless the entry names another
     * endpoint (then any OpenAI-compatible server); {@code claude} is Anthropic; archgw's {@code local} is an
     * OpenAI-compatible server at {@code endpoint}; any other known provider by its prefix.
     */
    private ProviderKind legacyKind(String path, String declared, GatewayFile.ProviderEntry entry) {
        boolean ownEndpoint = entry.endpoint().isPresent() || entry.baseUrl().isPresent();
        String name = declared.toLowerCase(java.util.Locale.ROOT);
        if (name.equals("local")) {
            if (!ownEndpoint) {
                problems.add(path + ".endpoint: required with provider: local (host[:port] of the model server)");
                return null;
            }
            return ProviderKind.CUSTOM_OPENAI;
        }
        if (name.equals("openai") || name.equals("claude") || name.equals("anthropic")) {
            boolean anthropic = !name.equals("openai");
            return ownEndpoint ? (anthropic ? ProviderKind.CUSTOM_ANTHROPIC : ProviderKind.CUSTOM_OPENAI)
                    : (anthropic ? ProviderKind.ANTHROPIC : ProviderKind.OPENAI);
        }
        return kind(path, legacyPrefix(declared), entry);
    }

    /** The {@code provider/} prefix an older-format entry's model is known by: archgw's {@code claude} is anthropic. */
    private static String legacyPrefix(String declared) {
        String name = declared.toLowerCase(java.util.Locale.ROOT);
        return name.equals("claude") ? "anthropic" : name;
    }

    private static String knownProviders() {
        return java.util.Arrays.stream(ProviderKind.values())
                .filter(k -> k != ProviderKind.CUSTOM_OPENAI && k != ProviderKind.CUSTOM_ANTHROPIC)
                .map(ProviderKind::prefix).collect(java.util.stream.Collectors.joining(", "));
    }

    /**
     * The entry's URL: {@code base_url}, or archgw's older {@code endpoint} ({@code host[:port]}, or the name of an
     * {@code endpoints} entry) with {@code protocol} (default http) and {@code port} (default 80, or 443 for https),
     * under the provider's default path, as archgw built it.
     */
    private URI baseUrl(String path, ProviderKind kind, GatewayFile.ProviderEntry entry) {
        if (entry.endpoint().isEmpty()) {
            return endpoint(path + ".base_url", kind, entry.baseUrl());
        }
        if (entry.baseUrl().isPresent()) {
            problems.add(path + ".endpoint: give base_url or endpoint, not both");
            return null;
        }
        String host = entry.endpoint().get().trim();
        Optional<String> protocol = entry.protocol();
        Optional<Integer> port = entry.port();
        GatewayFile.EndpointEntry named = endpoints.get(host);
        if (named != null) {
            host = named.endpoint().map(String::trim).orElse("");
            protocol = protocol.or(named::protocol);
            port = port.or(named::port);
        }
        String scheme = protocol.map(p -> p.trim().toLowerCase(java.util.Locale.ROOT)).orElse("http");
        if (!scheme.equals("http") && !scheme.equals("https")) {
            problems.add(path + ".protocol: '" + protocol.get() + "' must be http or https");
            return null;
        }
        int colon = host.lastIndexOf(':');
        if (colon > 0 && host.indexOf(']') < colon) {
            try {
                port = Optional.of(Integer.parseInt(host.substring(colon + 1)));
            } catch (NumberFormatException e) {
                problems.add(path + ".endpoint: '" + host + "' must be host[:port]");
                return null;
            }
            host = host.substring(0, colon);
        }
        int chosen = port.orElse(scheme.equals("https") ? 443 : 80);
        if (host.isEmpty() || host.contains("/") || chosen < 1 || chosen > 65535) {
            problems.add(path + ".endpoint: '" + entry.endpoint().get() + "' must be host[:port] or the name of an "
                    + "endpoints entry");
            return null;
        }
        return endpoint(path + ".endpoint", kind, Optional.of(scheme + "://" + host + ":" + chosen));
    }

    URI endpoint(String keyPath, ProviderKind kind, Optional<String> baseUrl) {
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
        // java.net.URI finds no host in a name with an underscore (mistral_local), which Docker and Compose
        // service names often have and which HTTP clients resolve fine.
        boolean host = uri.getHost() != null
                || uri.getRawAuthority() != null && SERVICE_NAME.matcher(uri.getRawAuthority()).matches();
        if (scheme == null || !(scheme.equals("http") || scheme.equals("https")) || !host) {
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
                    leftOut.put(prefix, variable);
                }
                return Optional.empty();
            }
            problems.add(keyPath + ": environment variable " + variable + " is not set");
            return Optional.empty();
        }
        return Optional.of(new Secret(resolved));
    }

}
