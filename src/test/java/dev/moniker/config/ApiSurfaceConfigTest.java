package dev.moniker.config;

import dev.moniker.conversation.StorageSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The configuration of the other endpoints: archgw/Plano's {@code state_storage}, and the embeddings and Responses
 * declarations of provider entries, validated like every key.
 */
class ApiSurfaceConfigTest {

    private static final String PROVIDERS = """
            llm_providers:
              - model: openai/gpt-4o-mini
                access_key: sk-test
              - model: openai/text-embedding-3-small
                access_key: sk-test
              - model: claude-proxy/claude-sonnet-4
                provider_interface: anthropic
                base_url: https://proxy.example.com/v1
            """;

    @TempDir
    Path dir;

    private ValidatedConfig load(String yaml, Map<String, String> env) throws IOException {
        Path file = dir.resolve("moniker.yaml");
        Files.writeString(file, yaml);
        return ConfigLoader.load(ConfigLoader.fileOrigin(file, file.toString()), env);
    }

    private List<String> problems(String yaml, Map<String, String> env) {
        return assertThrows(InvalidConfigException.class, () -> load(yaml, env)).problems();
    }

    @Test
    void plansStateStorageIsReadWithItsVariablesAndNeverEchoesTheConnectionString() throws IOException {
        ValidatedConfig config = load(PROVIDERS + """
                state_storage:
                  type: postgres
                  connection_string: postgresql://app:${DB_PASSWORD}@db.internal:5432/plano
                """, Map.of("DB_PASSWORD", "s3cret"));
        assertEquals(Optional.of("postgresql://app:s3cret@db.internal:5432/plano"), config.storage().postgresUrl());
        assertEquals("postgres db.internal:5432/plano", config.storage().toString());
        assertEquals(StorageSettings.MEMORY, load(PROVIDERS + "state_storage:\n  type: memory\n", Map.of()).storage());
        assertEquals(StorageSettings.MEMORY, load(PROVIDERS, Map.of()).storage());
    }

    @Test
    void aBadStateStorageIsRefusedNamingTheKey() {
        assertEquals(List.of("state_storage.type: 'redis' is not supported (use memory or postgres)"),
                problems(PROVIDERS + "state_storage:\n  type: redis\n", Map.of()));
        assertEquals(List.of("state_storage.connection_string: required with type: postgres, as "
                + "postgresql://user:password@host:port/database"),
                problems(PROVIDERS + "state_storage:\n  type: postgres\n", Map.of()));
        assertEquals(List.of("state_storage.connection_string: environment variable DB_URL is not set"),
                problems(PROVIDERS + "state_storage:\n  type: postgres\n  connection_string: $DB_URL\n", Map.of()));
        List<String> notAUrl = problems(PROVIDERS + "state_storage:\n  type: postgres\n  connection_string: "
                + "mysql://root:hunter2@db/x\n", Map.of());
        assertEquals(List.of("state_storage.connection_string: must be postgresql://user:password@host:port/database"),
                notAUrl);
        assertFalse(notAUrl.get(0).contains("hunter2"));
    }

    @Test
    void anAliasMixingEmbeddingAndChatModelsIsRefused() {
        assertEquals(List.of("model_aliases.search: mixes embedding models (openai/text-embedding-3-small) with chat "
                + "models; an alias serves either /v1/embeddings or chat, so keep them in separate aliases"),
                problems(PROVIDERS + """
                        model_aliases:
                          search:
                            target: openai/text-embedding-3-small
                            fallbacks:
                              - target: openai/gpt-4o-mini
                        """, Map.of()));
    }

    @Test
    void anAnthropicEntryCannotDeclareOpenAiEndpoints() {
        assertEquals(List.of("llm_providers[2].embeddings: only OpenAI-format entries serve embeddings; this entry "
                        + "speaks Anthropic's API",
                "llm_providers[2].responses_api: only OpenAI-format entries serve the Responses API; this entry "
                        + "speaks Anthropic's API"),
                problems(PROVIDERS.replace("base_url: https://proxy.example.com/v1",
                        "base_url: https://proxy.example.com/v1\n    embeddings: true\n    responses_api: true"), Map.of()));
    }
}
