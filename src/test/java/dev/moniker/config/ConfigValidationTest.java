package dev.moniker.config;

import dev.moniker.routing.Route;
import dev.moniker.routing.RoutingTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One test per validation rule: each invalid file is refused with the key path and the reason. */
class ConfigValidationTest {

    @TempDir
    Path dir;

    private static final Map<String, String> ENV = Map.of("OPENAI_API_KEY", "sk-openai", "ANTHROPIC_API_KEY", "sk-ant");

    private ValidatedConfig load(String yaml) throws IOException {
        return load(yaml, ENV);
    }

    private ValidatedConfig load(String yaml, Map<String, String> env) throws IOException {
        Path file = dir.resolve("moniker.yaml");
        Files.writeString(file, yaml);
        return ConfigLoader.load(ConfigLoader.fileOrigin(file, file.toString()), env);
    }

    private List<String> problems(String yaml) {
        return problems(yaml, ENV);
    }

    private List<String> problems(String yaml, Map<String, String> env) {
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> load(yaml, env));
        return e.problems();
    }

    private static final String PROVIDERS = """
            llm_providers:
              - model: openai/gpt-4o-mini
                access_key: $OPENAI_API_KEY
              - model: openai/gpt-4o
                access_key: ${OPENAI_API_KEY}
              - model: anthropic/claude-3-5-sonnet-20241022
                access_key: $ANTHROPIC_API_KEY
              - model: ollama/llama3.1
                base_url: http://host.docker.internal:11434
            """;

    @Test
    void seedBasicConfigurationResolvesEveryAlias() throws IOException {
        RoutingTable table = load(PROVIDERS + """
                model_aliases:
                  arch.summarize.v1:
                    target: gpt-4o-mini
                  arch.reasoning.v1:
                    target: gpt-4o
                  arch.creative.v1:
                    target: claude-3-5-sonnet-20241022
                  fast-model:
                    target: gpt-4o-mini
                  smart-model:
                    target: gpt-4o
                  creative-model:
                    target: claude-3-5-sonnet-20241022
                  local-chat:
                    target: llama3.1
                  arch.summarize.latest:
                    target: arch.summarize.v1
                """).routingTable();
        assertEquals("openai/gpt-4o-mini", served(table, "arch.summarize.v1"));
        assertEquals("openai/gpt-4o", served(table, "arch.reasoning.v1"));
        assertEquals("anthropic/claude-3-5-sonnet-20241022", served(table, "creative-model"));
        assertEquals("ollama/llama3.1", served(table, "local-chat"));
        assertEquals("openai/gpt-4o-mini", served(table, "arch.summarize.latest"));
        assertEquals("http://host.docker.internal:11434/v1",
                table.resolve("local-chat").route().get().target().upstream().endpoint().toString());
        assertEquals("sk-openai", table.resolve("smart-model").route().get().target().upstream().key().get().reveal());
    }

    private static String served(RoutingTable table, String model) {
        Route route = table.resolve(model).route().orElseThrow();
        return route.target().displayName();
    }

    @Test
    void planosConnectTimeoutOverrideIsReadAndChecked() throws IOException {
        Path file = dir.resolve("plano.yaml");
        Files.writeString(file, PROVIDERS + "overrides:\n  upstream_connect_timeout: 750ms\n"
                + "  prompt_target_intent_matching_threshold: 0.6\n");
        assertEquals(Map.of(ConnectTimeoutSource.PROPERTY, "PT0.75S"),
                ConnectTimeoutSource.settings(GatewayFileProperties.of(file.toString())));
        assertTrue(load(PROVIDERS + "overrides:\n  upstream_connect_timeout: 750ms\n"
                + "  prompt_target_intent_matching_threshold: 0.6\n").warnings().stream()
                .anyMatch(w -> w.startsWith("overrides.prompt_target_intent_matching_threshold: prompt targets")));
        assertEquals(List.of("overrides.upstream_connect_timeout: 'soon' is not a duration above zero (like 5s or "
                + "500ms)"), problems(PROVIDERS + "overrides:\n  upstream_connect_timeout: soon\n"));
        assertTrue(problems(PROVIDERS + "overrides:\n  upstream_conect_timeout: 5s\n").get(0)
                .startsWith("overrides.upstream_conect_timeout: unknown key"));
    }

    @Test
    void typoInAliasKeyIsRefusedWithSuggestion() {
        assertEquals(List.of("model_aliases.fast-model.targte: unknown key 'targte' (did you mean 'target'?)"),
                problems(PROVIDERS + """
                        model_aliases:
                          fast-model:
                            targte: gpt-4o-mini
                        """));
    }

    @Test
    void typoInProviderKeyIsRefused() {
        assertEquals(List.of("llm_providers[1].acess_key: unknown key 'acess_key' (did you mean 'access_key'?)"),
                problems("""
                        llm_providers:
                          - model: openai/gpt-4o-mini
                            access_key: k
                          - model: openai/gpt-4o
                            acess_key: k
                        """));
    }

    @Test
    void unknownTopLevelKeyIsRefusedButArchgwSectionsAreAccepted() throws IOException {
        assertEquals(List.of("model_alias: unknown top-level key (did you mean 'model_aliases'?)"),
                problems(PROVIDERS + "model_alias:\n  x:\n    target: gpt-4o\n"));
        ValidatedConfig archgw = load("""
                version: v0.1
                listeners:
                  egress_traffic:
                    address: 0.0.0.0
                    port: 12000
                tracing:
                  random_sampling: 100
                """ + PROVIDERS);
        assertEquals(4, archgw.routingTable().upstreams().size());
    }

    @Test
    void aliasNameWithInvalidCharactersIsRefused() {
        assertEquals(List.of("model_aliases.fast model!: alias name 'fast model!' may only contain letters, digits, "
                        + "'.', '-' and '_'"),
                problems(PROVIDERS + "model_aliases:\n  \"fast model!\":\n    target: gpt-4o\n"));
    }

    @Test
    void undefinedTargetIsRefused() {
        assertEquals(List.of("model_aliases.fast-model.target: 'gpt-5-turbo' is not defined in llm_providers or "
                        + "model_aliases"),
                problems(PROVIDERS + "model_aliases:\n  fast-model:\n    target: gpt-5-turbo\n"));
    }

    @Test
    void circularReferencesAreRefused() {
        List<String> problems = problems(PROVIDERS + """
                model_aliases:
                  a:
                    target: b
                  b:
                    target: a
                  self:
                    target: self
                """);
        assertEquals(List.of("model_aliases.b.target: circular reference a -> b -> a",
                "model_aliases.self.target: circular reference self -> self"), problems);
    }

    @Test
    void duplicateInstanceNamesAreRefused() {
        assertEquals(List.of("llm_providers[1].name: duplicate instance name 'openai-prod' (already used by "
                        + "llm_providers[0])"),
                problems("""
                        llm_providers:
                          - model: openai/gpt-4o
                            name: openai-prod
                            access_key: a
                          - model: openai/gpt-4o-mini
                            name: openai-prod
                            access_key: b
                        """));
    }

    @Test
    void unknownProviderWithoutInterfaceIsRefused() {
        assertEquals(List.of("llm_providers[0].model: unknown provider 'my-vllm'; for another endpoint set "
                        + "provider_interface (openai or anthropic) and base_url"),
                problems("llm_providers:\n  - model: my-vllm/qwen2.5\n"));
        assertEquals(List.of("llm_providers[0].base_url: required with provider_interface: openai"),
                problems("llm_providers:\n  - model: my-vllm/qwen2.5\n    provider_interface: openai\n"));
        assertEquals(List.of("llm_providers[0].provider_interface: 'grpc' is not supported (use openai, anthropic or a "
                        + "known provider: openai, anthropic, azure_openai, ollama, deepseek, mistral, groq, gemini, "
                        + "together_ai, xai, moonshotai, zhipu, qwen, xiaomi, digitalocean, vercel, openrouter, edenai, "
                        + "amazon_bedrock)"),
                problems("llm_providers:\n  - model: my-vllm/qwen2.5\n    provider_interface: grpc\n"
                        + "    base_url: http://localhost:8000\n"));
    }

    @Test
    void malformedBaseUrlIsRefused() {
        assertEquals(List.of("llm_providers[0].base_url: 'localhost:11434' must be http(s)://host[:port][/path]"),
                problems("llm_providers:\n  - model: ollama/llama3.1\n    base_url: localhost:11434\n"));
        assertEquals(List.of("llm_providers[0].base_url: 'ftp://example.com' must be http(s)://host[:port][/path]"),
                problems("llm_providers:\n  - model: ollama/llama3.1\n    base_url: ftp://example.com\n"));
        assertEquals(List.of("llm_providers[0].base_url: 'http://exa mple.com' is not a valid URL (Illegal character "
                        + "in authority)"),
                problems("llm_providers:\n  - model: ollama/llama3.1\n    base_url: http://exa mple.com\n"));
    }

    @Test
    void providerRequiringBaseUrlIsRefusedWithoutIt() {
        assertEquals(List.of("llm_providers[0].base_url: required for provider azure_openai"),
                problems("llm_providers:\n  - model: azure_openai/gpt-4o\n    access_key: k\n"));
    }

    @Test
    void ambiguousBareModelNameIsRefused() {
        assertEquals(List.of("model_aliases.chat.target: 'gpt-4o' is ambiguous, it is configured at openai/gpt-4o "
                        + "and azure_openai/gpt-4o; write provider/model"),
                problems("""
                        llm_providers:
                          - model: openai/gpt-4o
                            access_key: a
                          - model: azure_openai/gpt-4o
                            access_key: b
                            base_url: https://example.openai.azure.com
                        model_aliases:
                          chat:
                            target: gpt-4o
                        """));
    }

    @Test
    void unsetKeyVariableInUserFileIsRefusedNamingVariableAndEntry() {
        assertEquals(List.of("llm_providers[0].access_key: environment variable OPENAI_API_KEY is not set"),
                problems("llm_providers:\n  - model: openai/gpt-4o\n    access_key: $OPENAI_API_KEY\n", Map.of()));
    }

    @Test
    void onlyOneDefaultModel() {
        assertEquals(List.of("llm_providers[1].default: only one entry may be the default (already llm_providers[0])"),
                problems("""
                        llm_providers:
                          - model: openai/gpt-4o
                            access_key: a
                            default: true
                          - model: openai/gpt-4o-mini
                            access_key: a
                            default: true
                        """));
    }

    @Test
    void wrongValueTypeIsRefusedNamingTheKey() {
        assertEquals(List.of("llm_providers[0].default: 'maybe' is not a boolean (true or false)"),
                problems("llm_providers:\n  - model: openai/gpt-4o\n    access_key: a\n    default: maybe\n"));
        List<String> problems = problems("llm_providers:\n  - model: openai/gpt-4o\n    access_key: a\n"
                + "    headers: [a, b]\n");
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("llm_providers[0].headers"), problems.toString());
    }

    @Test
    void missingFileIsRefused() {
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                () -> ConfigLoader.load(Map.of(ConfigLoader.LOCATION_VARIABLE, dir.resolve("nope.yaml").toString())));
        assertEquals(List.of("configuration file " + dir.resolve("nope.yaml") + " does not exist or is not a regular "
                + "file"), e.problems());
    }

    @Test
    void embeddedDefaultLeavesOutProvidersWithoutKeys() {
        ValidatedConfig config = ConfigLoader.load(Map.of());
        RoutingTable table = config.routingTable();
        assertEquals(List.of("ollama/*"), table.upstreams().stream().map(u -> u.qualifiedModel()).toList());
        assertEquals("ollama/llama3.1", served(table, "local-chat"));
        assertFalse(table.resolve("fast-model").route().isPresent());
        assertTrue(config.warnings().contains("provider 'openai' left out of the default configuration: environment "
                + "variable OPENAI_API_KEY is not set"), config.warnings().toString());

        RoutingTable withKeys = ConfigLoader.load(ENV).routingTable();
        assertEquals("openai/gpt-4o-mini", served(withKeys, "fast-model"));
        assertEquals("anthropic/claude-3-5-sonnet-20241022", served(withKeys, "creative-model"));
    }

    @Test
    void secretsNeverAppearInProblemMessages() {
        List<String> problems = problems("""
                llm_providers:
                  - model: openai/gpt-4o
                    access_key: sk-live-very-secret
                    base_url: not a url
                """);
        assertFalse(problems.toString().contains("sk-live-very-secret"), problems.toString());
    }

    @Test
    void clientKeysAreValidatedByKeyAndRefuseWhatCannotBeEnforced() {
        assertEquals(List.of(
                "client_keys[0].key: environment variable TEAM_KEY is not set",
                "client_keys[1]: give exactly one of key and key_sha256",
                "client_keys[2].key_sha256: expected 64 hexadecimal digits (the SHA-256 of the key)",
                "client_keys[3].name: 'ops' is used by another key",
                "client_keys[5].key: too short (at least 16 characters; a client key is a password)",
                "client_keys[4].limits.max_concurrent_streams: '0' must be a positive whole number",
                "client_keys[4].limits.requests_per_minute: 'lots' must be a positive whole number",
                "client_keys[4].limits.requests_per_mnute: unknown limit (known: requests_per_minute, "
                        + "tokens_per_minute, max_cost_per_day, max_concurrent_streams)"),
                problems(PROVIDERS + """
                        client_keys:
                          - name: team
                            key: $TEAM_KEY
                          - name: both
                            key: abcdefghijklmnopqrstu
                            key_sha256: abc
                          - name: ops
                            key_sha256: not-a-digest
                          - name: ops
                            key: abcdefghijklmnopqrstu
                          - name: limited
                            key: zyxwvutsrqponmlkjihgf
                            limits:
                              requests_per_minute: lots
                              requests_per_mnute: 5
                              max_concurrent_streams: 0
                          - name: short
                            key: short
                        """));
    }
}
