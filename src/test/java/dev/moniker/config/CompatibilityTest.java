package dev.moniker.config;

import dev.moniker.provider.ProviderKind;
import dev.moniker.provider.Upstream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * archgw's and Plano's file formats load unchanged ({@code src/test/resources/compat/}, one file per historical
 * shape): each older entry shape maps to today's (provider kind and URL asserted per rule), what Moniker does not use
 * is listed with why, and typos are still refused by key in the older shapes too.
 */
class CompatibilityTest {

    private static final Path CORPUS = Path.of("src", "test", "resources", "compat");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{?([A-Z_][A-Z0-9_]*)");

    @TempDir
    Path dir;

    private static ValidatedConfig load(Path file) throws IOException {
        Map<String, String> environment = new HashMap<>();
        Matcher m = VARIABLE.matcher(Files.readString(file));
        while (m.find()) {
            environment.put(m.group(1), "placeholder-" + m.group(1).toLowerCase());
        }
        return ConfigLoader.load(ConfigLoader.fileOrigin(file, file.toString()), environment);
    }

    private static ValidatedConfig corpus(String name) throws IOException {
        return load(CORPUS.resolve(name));
    }

    private static Upstream entry(ValidatedConfig config, String id) {
        return config.routingTable().upstreams().stream().filter(u -> u.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no entry " + id));
    }

    private static void maps(ValidatedConfig config, String id, ProviderKind kind, String url) {
        Upstream upstream = entry(config, id);
        assertEquals(kind, upstream.kind(), id);
        assertEquals(url, upstream.endpoint().toString(), id);
    }

    @Test
    void everyFileOfTheCorpusLoads() throws IOException {
        try (Stream<Path> files = Files.list(CORPUS)) {
            List<Path> all = files.sorted().toList();
            assertTrue(all.size() >= 3, "the corpus is there: " + all);
            for (Path file : all) {
                ValidatedConfig config = load(file);
                assertFalse(config.routingTable().upstreams().isEmpty(), file.toString());
            }
        }
    }

    @Test
    void archgwsFirstFormatMapsEachEntryAndListsWhatIsNotUsed() throws IOException {
        ValidatedConfig config = corpus("archgw-v0.1-singular-listener.yaml");
        maps(config, "OpenAI", ProviderKind.OPENAI, "https://api.openai.com/v1");
        maps(config, "Mistral8x7b", ProviderKind.MISTRAL, "https://api.mistral.ai/v1");
        // provider: local at an endpoints entry named by the provider entry, http by default
        maps(config, "LocalMistral", ProviderKind.CUSTOM_OPENAI, "http://model_server_1:8001/v1");
        assertEquals("openai/gpt-4o", entry(config, "OpenAI").qualifiedModel());
        // an entry is found by its name and by its bare model
        assertTrue(config.routingTable().resolve("LocalMistral").route().isPresent());
        assertEquals("local/mistral-7b-instruct", config.routingTable().resolve("mistral-7b-instruct").route()
                .orElseThrow().target().displayName());
        assertTrue(config.promptGuard().isPresent(), "prompt_guards acts");
        List<String> warnings = config.warnings();
        assertTrue(warnings.contains("listener: Moniker serves one HTTP listener: on listener.port unless "
                + "QUARKUS_HTTP_PORT is set; the address, message format and TLS settings here are not used (accepted, "
                + "not used)"), warnings.toString());
        // The older per-provider rate_limits is enforced as a ratelimits entry for that provider entry.
        assertEquals(List.of(new dev.moniker.limit.TokenRule(0, "llm_providers[0].rate_limits", "OpenAI",
                "authorization", java.util.Optional.empty(),
                100_000, dev.moniker.limit.Window.MINUTE)), config.limits().rules());
        assertTrue(warnings.stream().noneMatch(w -> w.contains("rate_limits")), warnings.toString());
        assertTrue(warnings.contains("llm_providers[0].stream: not used; each request's own stream flag decides whether "
                + "it streams"), warnings.toString());
        assertTrue(warnings.stream().anyMatch(w -> w.startsWith("prompt_targets: prompt targets")), warnings.toString());
    }

    @Test
    void archgwsLaterFormatMapsInterfacesEndpointsAndProtocols() throws IOException {
        ValidatedConfig config = corpus("archgw-v0.2-endpoint-protocol.yaml");
        maps(config, "gpt-4o-mini", ProviderKind.OPENAI, "https://api.openai.com/v1");
        maps(config, "claude-sonnet", ProviderKind.ANTHROPIC, "https://api.anthropic.com/v1");
        assertEquals("anthropic/claude-3-5-sonnet-20241022", entry(config, "claude-sonnet").qualifiedModel());
        maps(config, "groq-llama", ProviderKind.GROQ, "https://api.groq.com/openai/v1");
        maps(config, "vllm-qwen", ProviderKind.CUSTOM_OPENAI, "https://inference.internal.example:8443/v1");
        maps(config, "ollama-llama", ProviderKind.CUSTOM_OPENAI, "http://host.docker.internal:11434/v1");
        assertEquals("ollama-llama", config.routingTable().aliases().get("arch.local.v1").target().upstream().id());
        // archgw's ratelimits are enforced: the rule loads, naming the entry by its name
        assertEquals(1, config.limits().rules().size());
        assertEquals("x-team", config.limits().rules().get(0).header());
        assertTrue(config.warnings().stream().noneMatch(w -> w.startsWith("ratelimits")), config.warnings().toString());
    }

    @Test
    void plansCurrentFormatKnowsItsNewerProvidersAndLeavesOutPlanosLocalModels() throws IOException {
        ValidatedConfig config = corpus("plano-v0.4-model-providers.yaml");
        maps(config, "openrouter/meta-llama/llama-3.3-70b-instruct", ProviderKind.OPENROUTER, "https://openrouter.ai/api/v1");
        maps(config, "vercel/openai/gpt-4o-mini", ProviderKind.VERCEL, "https://ai-gateway.vercel.sh/v1");
        maps(config, "digitalocean/openai-gpt-4o", ProviderKind.DIGITALOCEAN, "https://inference.do-ai.run/v1");
        maps(config, "xiaomi/mimo-v2-flash", ProviderKind.XIAOMI, "https://api.xiaomimimo.com/v1");
        maps(config, "moonshotai/kimi-k2-0905-preview", ProviderKind.MOONSHOTAI, "https://api.moonshot.ai/v1");
        maps(config, "edenai/openai/gpt-4o", ProviderKind.EDENAI, "https://api.edenai.run/v3");
        maps(config, "local-vllm", ProviderKind.CUSTOM_OPENAI, "http://vllm_server:8000/v1"); // no path: the default prefix
        assertTrue(config.routingTable().upstreams().stream().noneMatch(u -> u.providerPrefix().equals("plano")));
        List<String> warnings = config.warnings();
        assertTrue(warnings.contains("model_providers[8]: left out: Plano's local models (Arch-Router, Arch-Function) "
                + "run inside Plano; Moniker does not serve them"), warnings.toString());
        // state_storage is used now (Responses API conversations): no warning, and its memory type kept.
        assertEquals(dev.moniker.conversation.StorageSettings.MEMORY, config.storage());
        assertTrue(warnings.stream().noneMatch(w -> w.startsWith("state_storage")), warnings.toString());
        // overrides.upstream_connect_timeout is honoured now (ConnectTimeoutIT): no warning for it.
        assertTrue(warnings.stream().noneMatch(w -> w.startsWith("overrides.upstream_connect_timeout")), warnings.toString());
        // tracing is used now (its endpoint and sampling turn traces on): no warning for it.
        assertTrue(warnings.stream().noneMatch(w -> w.startsWith("tracing")), warnings.toString());
        for (String key : List.of("routing_preferences: ", "model_metrics_sources: ",
                "overrides.llm_routing_model: ", "model_providers[0].routing_preferences: ", "model_providers[9].http_host: ")) {
            assertTrue(warnings.stream().anyMatch(w -> w.startsWith(key)), key + " in " + warnings);
        }
    }

    @Test
    void typosAndContradictionsAreStillRefusedByKeyInTheOlderShapes() throws IOException {
        Path file = dir.resolve("legacy.yaml");
        Files.writeString(file, """
                llm_providers:
                  - name: a
                    provder: openai
                    model: gpt-4o
                  - name: b
                    provider: openai
                    provider_interface: openai
                    model: gpt-4o
                  - name: c
                    provider: local
                    model: m
                    endpoint: 10.0.0.1:8000
                    protocol: ftp
                  - name: d
                    provider: local
                    model: m2
                  - name: e
                    provider: nosuch
                    model: m3
                """);
        List<String> problems = assertThrows(InvalidConfigException.class, () -> load(file)).problems();
        // one pass: the typo, then every other entry's problem; not the typo's cascade ('gpt-4o' without a provider)
        assertEquals(List.of(
                "llm_providers[0].provder: unknown key 'provder' (did you mean 'provider'?)",
                "llm_providers[1].provider: give provider or provider_interface, not both",
                "llm_providers[2].protocol: 'ftp' must be http or https",
                "llm_providers[3].endpoint: required with provider: local (host[:port] of the model server)",
                "llm_providers[4].provider: 'nosuch' is not supported (use openai, anthropic or a known provider: "
                        + knownProviders() + ")"), problems);
    }

    private static String knownProviders() {
        return java.util.Arrays.stream(ProviderKind.values())
                .filter(k -> k != ProviderKind.CUSTOM_OPENAI && k != ProviderKind.CUSTOM_ANTHROPIC)
                .map(ProviderKind::prefix).collect(java.util.stream.Collectors.joining(", "));
    }

    @Test
    void theFilesModelListenerPortIsTheListeningPortInEveryShape() {
        assertEquals("10000", ListenerPortSource.read(CORPUS.resolve("archgw-v0.1-singular-listener.yaml").toString())
                .orElseThrow(), "listener.port");
        assertEquals("12000", ListenerPortSource.read(CORPUS.resolve("archgw-v0.2-endpoint-protocol.yaml").toString())
                .orElseThrow(), "listeners.egress_traffic.port, not ingress_traffic's 10000");
        assertEquals("12000", ListenerPortSource.read(CORPUS.resolve("plano-v0.4-model-providers.yaml").toString())
                .orElseThrow(), "the type: model entry of the listeners list");
        assertTrue(ListenerPortSource.read(dir.resolve("absent.yaml").toString()).isEmpty());
    }
}
