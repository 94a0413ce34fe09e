package dev.moniker.config;

import org.eclipse.microprofile.config.spi.ConfigSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The key grammar of the gateway file. Every key the YAML holds is checked against it before binding, so a typo
 * such as {@code targte:} is refused with its path instead of being silently ignored (SmallRye Config ignores
 * unknown keys below a map entry).
 *
 * <p>Sections of an archgw/Plano file that Moniker does not use ({@code listeners}, {@code prompt_targets}, ...) and
 * archgw provider keys without a Moniker meaning are accepted and reported as ignored, so a migrating user's file
 * loads unchanged.
 */
final class KnownKeys {

    /** A node of the key grammar. */
    private sealed interface Node permits Obj, ListOf, MapOf, Leaf, Ignored {
    }

    private record Obj(Map<String, Node> fields) implements Node {
    }

    private record ListOf(Node element) implements Node {
    }

    private record MapOf(Node value) implements Node {
    }

    /** A value; {@code list} when it may also be a list of values, {@code bool} when it must be true or false. */
    private record Leaf(boolean list, boolean bool) implements Node {
    }

    /** An archgw key Moniker accepts and ignores; anything may sit below it. */
    private record Ignored(String reason, boolean warn) implements Node {
        String describe(String path) {
            return path + ": " + reason + " (accepted, not used)";
        }
    }

    /** Accepted and not used, with why: logged at WARN, since it is something the operator may rely on. */
    private static Ignored notUsed(String reason) {
        return new Ignored(reason, true);
    }

    private static final String PROMPT_TARGETS = "prompt targets (function calling into your app servers) are not "
            + "implemented";
    private static final String AGENTS = "Plano's agent orchestration and filter chains are not implemented";
    private static final Leaf VALUE = new Leaf(false, false);
    private static final Leaf VALUES = new Leaf(true, false);
    /** SmallRye reads any unknown word as {@code false}; a flag written {@code maybe} must be refused instead. */
    private static final Leaf BOOLEAN = new Leaf(false, true);
    /** Accepted and harmless to leave: logged at INFO. */
    private static final Ignored DESCRIPTIVE = new Ignored("descriptive only", false);
    private static final Ignored PREFERENCES = notUsed("LLM-based preference routing is not implemented; aliases "
            + "route as configured");
    /** archgw's older per-provider {@code rate_limits}: enforced like a top-level {@code ratelimits} entry. */
    private static final Obj RATE_LIMITS = new Obj(Map.of(
            "selector", new Obj(Map.of("http_header", new Obj(Map.of("name", VALUE, "value", VALUE)))),
            "limit", new Obj(Map.of("tokens", VALUE, "unit", VALUE))));

    /** Plano's {@code overrides}: the connect timeout is honoured ({@link ConnectTimeoutSource}), the rest is not. */
    private static final Obj OVERRIDES = new Obj(Map.of(
            "upstream_connect_timeout", VALUE,
            "upstream_tls_ca_path", notUsed("the JVM's trust store decides which CAs are trusted "
                    + "(-Djavax.net.ssl.trustStore); this path is not read"),
            "prompt_target_intent_matching_threshold", notUsed(PROMPT_TARGETS),
            "optimize_context_window", notUsed("context-window optimisation is not implemented; requests are sent "
                    + "as the client wrote them"),
            "use_agent_orchestrator", notUsed(AGENTS),
            "agent_orchestration_model", notUsed(AGENTS),
            "orchestrator_model_context_length", notUsed(AGENTS),
            "llm_routing_model", notUsed("LLM-based preference routing is not implemented; aliases route as configured"),
            "disable_signals", new Ignored("Moniker runs no signal analysis on answers", false)));

    private static final Obj BREAKER = new Obj(Map.of("request_volume", VALUE, "failure_ratio", VALUE, "delay", VALUE));

    private static final Obj PROVIDER = new Obj(Map.ofEntries(
            Map.entry("model", VALUE),
            Map.entry("access_key", VALUE),
            Map.entry("base_url", VALUE),
            Map.entry("name", VALUE),
            Map.entry("default", BOOLEAN),
            Map.entry("provider_interface", VALUE),
            Map.entry("headers", new MapOf(VALUE)),
            Map.entry("passthrough_auth", BOOLEAN),
            Map.entry("api_version", VALUE),
            Map.entry("embeddings", BOOLEAN),
            Map.entry("responses_api", BOOLEAN),
            Map.entry("provider", VALUE),
            Map.entry("endpoint", VALUE),
            Map.entry("protocol", VALUE),
            Map.entry("port", VALUE),
            Map.entry("stream", BOOLEAN),
            Map.entry("circuit_breaker", BREAKER),
            Map.entry("aws_credentials", new Obj(Map.of("access_key_id", VALUE, "secret_access_key", VALUE,
                    "session_token", VALUE, "region", VALUE))),
            Map.entry("pricing", new Obj(Map.of("input_per_million", VALUE, "output_per_million", VALUE,
                    "max_output_tokens", VALUE))),
            // archgw keys with no meaning here (preference routing, rate limits, Envoy cluster settings)
            Map.entry("routing_preferences", PREFERENCES),
            Map.entry("usage", DESCRIPTIVE),
            Map.entry("rate_limits", RATE_LIMITS),
            Map.entry("cluster_name", new Ignored("Envoy's cluster name; Moniker has no clusters", false)),
            Map.entry("http_host", notUsed("the Host header override is not applied; the base URL's host is sent"))));

    private static final Obj ALIAS = new Obj(Map.of(
            "target", VALUE,
            "targets", new ListOf(new Obj(Map.of("model", VALUE, "weight", VALUE, "endpoint", VALUE))),
            "fallbacks", new ListOf(new Obj(Map.of("target", VALUE, "conditions", VALUES))),
            "load_balance", new Obj(Map.of("algorithm", VALUE, "circuit_breaker", BREAKER)),
            "guardrails", new Obj(Map.of(
                    "max_latency", VALUE,
                    "max_cost_per_request", VALUE,
                    "block_categories", VALUES,
                    "content_filters", new ListOf(new Obj(Map.of("type", VALUE, "action", VALUE, "apply_to", VALUE))))),
            "sticky_by", VALUE,
            "canary", new Obj(Map.of("max_error_rate", VALUE, "max_latency_p95", VALUE, "window", VALUE,
                    "min_requests", VALUE, "hold", VALUE))));

    private static final Map<String, Node> ROOT = Map.ofEntries(
            Map.entry("llm_providers", new ListOf(PROVIDER)),
            Map.entry("model_providers", new ListOf(PROVIDER)),
            Map.entry("model_aliases", new MapOf(ALIAS)),
            Map.entry("limits_store", new Obj(Map.of("type", VALUE, "url", VALUE, "on_store_error", VALUE,
                    "timeout", VALUE))),
            Map.entry("ratelimits", new ListOf(new Obj(Map.of("model", VALUE,
                    "selector", new Obj(Map.of("key", VALUE, "value", VALUE)),
                    "limit", new Obj(Map.of("tokens", VALUE, "unit", VALUE)))))),
            Map.entry("endpoints", new MapOf(new Obj(Map.of("endpoint", VALUE, "protocol", VALUE, "port", VALUE,
                    "connect_timeout", notUsed("per-endpoint connect timeouts are not applied; set "
                            + "MONIKER_UPSTREAM_CONNECT_TIMEOUT"),
                    "http_host", notUsed("the Host header override is not applied"))))),
            Map.entry("state_storage", new Obj(Map.of("type", VALUE, "connection_string", VALUE))),
            // Read at start-up by TracingSource: the OTLP/gRPC endpoint, the sampling percentage (or archgw's first
            // format's sampling_rate, a ratio).
            Map.entry("tracing", new Obj(Map.of("opentracing_grpc_endpoint", VALUE, "random_sampling", VALUE,
                    "sampling_rate", VALUE,
                    "trace_arch_internal", notUsed("Moniker traces each request and attempt; there are no "
                            + "internal hops to trace"),
                    "span_attributes", notUsed("extra span attributes from headers or constants are not added"),
                    "exporters", notUsed("only OTLP export is implemented (PostHog is not)")))),
            Map.entry("client_keys", new ListOf(new Obj(Map.of("name", VALUE, "key", VALUE, "key_sha256", VALUE,
                    "allowed_aliases", VALUES, "limits", new MapOf(VALUE))))),
            Map.entry("prompt_guards", new Obj(Map.of("input_guards", new Obj(Map.of("jailbreak", new Obj(Map.of(
                    "on_exception", new Obj(Map.of("message", VALUE, "forward_to_error_target", BOOLEAN,
                            "error_handler", VALUE))))))))),
            Map.entry("overrides", OVERRIDES));

    /** Top-level sections of archgw/Plano files that Moniker accepts and does not use, with why. */
    static final Map<String, Ignored> IGNORED_SECTIONS = Map.ofEntries(
            Map.entry("version", new Ignored("the format version; Moniker reads every archgw and Plano format", false)),
            Map.entry("listeners", notUsed("Moniker serves one HTTP listener: on the model listener's port here "
                    + "(egress_traffic, or type: model) unless QUARKUS_HTTP_PORT is set; names, addresses and "
                    + "timeouts here are not used")),
            Map.entry("listener", notUsed("Moniker serves one HTTP listener: on listener.port unless "
                    + "QUARKUS_HTTP_PORT is set; the address, message format and TLS settings here are not used")),
            Map.entry("system_prompt", notUsed(PROMPT_TARGETS)),
            Map.entry("prompt_targets", notUsed(PROMPT_TARGETS)),
            Map.entry("error_target", notUsed(PROMPT_TARGETS)),
            Map.entry("mode", notUsed(AGENTS)),
            Map.entry("agents", notUsed(AGENTS)),
            Map.entry("filters", notUsed(AGENTS)),
            Map.entry("routing", notUsed(AGENTS)),
            Map.entry("routing_preferences", PREFERENCES),
            Map.entry("model_metrics_sources", PREFERENCES),
            Map.entry("prompt_caching", notUsed("Plano's prompt caching is not implemented")));

    private KnownKeys() {
    }

    /**
     * Result of checking the file's keys, each a readable path: refused keys; accepted keys Moniker does not use
     * that an operator may rely on (a warning each, with why); and accepted descriptive keys.
     */
    record Report(List<String> problems, List<String> notUsed, List<String> descriptive) {
    }

    static Report check(ConfigSource source) {
        List<String> problems = new ArrayList<>();
        List<Map.Entry<Ignored, String>> ignored = new ArrayList<>();
        for (String property : source.getPropertyNames()) {
            List<String> segments = split(property);
            String top = segments.get(0);
            if (!ROOT.containsKey(top)) {
                if (IGNORED_SECTIONS.containsKey(top)) {
                    addOnce(ignored, Map.entry(IGNORED_SECTIONS.get(top), top));
                } else {
                    addOnce(problems, top + ": unknown top-level key" + suggestion(top, ROOT.keySet()));
                }
                continue;
            }
            walk(ROOT.get(top), segments, 1, source.getValue(property), problems, ignored);
        }
        return new Report(problems,
                ignored.stream().filter(e -> e.getKey().warn()).map(e -> e.getKey().describe(e.getValue())).toList(),
                ignored.stream().filter(e -> !e.getKey().warn()).map(e -> e.getKey().describe(e.getValue())).toList());
    }

    private static void walk(Node node, List<String> segments, int at, String value, List<String> problems,
                             List<Map.Entry<Ignored, String>> ignored) {
        String here = display(segments, at);
        switch (node) {
            case Ignored i -> addOnce(ignored, Map.entry(i, here));
            case Leaf leaf -> {
                boolean indexed = at < segments.size() && isIndex(segments.get(at)) && at + 1 == segments.size();
                if (at < segments.size() && !(leaf.list() && indexed)) {
                    addOnce(problems, here + ": expected a value, found nested keys");
                } else if (leaf.bool() && !"true".equalsIgnoreCase(value) && !"false".equalsIgnoreCase(value)) {
                    addOnce(problems, here + ": '" + value + "' is not a boolean (true or false)");
                }
            }
            case ListOf list -> {
                if (at == segments.size()) {
                    return; // a scalar where a list belongs: the binder reports the type error
                }
                if (!isIndex(segments.get(at))) {
                    addOnce(problems, here + ": expected a list");
                    return;
                }
                walk(list.element(), segments, at + 1, value, problems, ignored);
            }
            case MapOf map -> {
                if (at == segments.size() ? value != null && !value.isBlank() : isIndex(segments.get(at))) {
                    addOnce(problems, here + ": expected a mapping of name: value");
                } else if (at < segments.size()) {
                    walk(map.value(), segments, at + 1, value, problems, ignored);
                }
            }
            case Obj obj -> {
                if (at == segments.size()) {
                    return;
                }
                String key = segments.get(at);
                Node child = obj.fields().get(key);
                if (child == null) {
                    addOnce(problems, display(segments, at + 1) + ": unknown key '" + key + "'"
                            + suggestion(key, obj.fields().keySet()));
                    return;
                }
                walk(child, segments, at + 1, value, problems, ignored);
            }
        }
    }

    private static boolean isIndex(String segment) {
        return segment.startsWith("[");
    }

    /** Splits a SmallRye property name ({@code model_aliases."a.b".targets[0].model}) into its segments. */
    static List<String> split(String property) {
        List<String> segments = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < property.length(); i++) {
            char c = property.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (quoted) {
                current.append(c);
            } else if (c == '.') {
                flush(segments, current);
            } else if (c == '[') {
                flush(segments, current);
                int close = property.indexOf(']', i);
                segments.add(property.substring(i, close + 1));
                i = close;
            } else {
                current.append(c);
            }
        }
        flush(segments, current);
        return segments;
    }

    private static void flush(List<String> segments, StringBuilder current) {
        if (!current.isEmpty()) {
            segments.add(current.toString());
            current.setLength(0);
        }
    }

    /** The first {@code count} segments as a readable path: {@code model_aliases.arch.v1.targets[0]}. */
    static String display(List<String> segments, int count) {
        StringBuilder path = new StringBuilder();
        for (int i = 0; i < Math.min(count, segments.size()); i++) {
            String segment = segments.get(i);
            if (!path.isEmpty() && !isIndex(segment)) {
                path.append('.');
            }
            path.append(segment);
        }
        return path.toString();
    }

    private static <T> void addOnce(List<T> list, T entry) {
        if (!list.contains(entry)) {
            list.add(entry);
        }
    }

    private static String suggestion(String key, Set<String> known) {
        String best = null;
        int bestDistance = 3;
        for (String candidate : known) {
            int distance = editDistance(key, candidate);
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return best == null ? "" : " (did you mean '" + best + "'?)";
    }

    /** Edit distance counting an adjacent transposition as one edit, so {@code targte} is next to {@code target}. */
    private static int editDistance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
