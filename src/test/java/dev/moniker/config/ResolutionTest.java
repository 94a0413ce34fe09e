package dev.moniker.config;

import dev.moniker.routing.RoutingTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The resolution order for a requested model: alias, instance name, provider/model, bare name, wildcard, default. */
class ResolutionTest {

    @TempDir
    Path dir;

    private RoutingTable table() throws IOException {
        Path file = dir.resolve("moniker.yaml");
        Files.writeString(file, """
                llm_providers:
                  - model: openai/gpt-4o
                    access_key: a
                    default: true
                  - model: openai/gpt-4o
                    name: openai-dev
                    access_key: b
                  - model: azure_openai/gpt-4o
                    access_key: c
                    base_url: https://example.openai.azure.com
                  - model: groq/*
                    access_key: d
                  - model: mistral/mistral-large-latest
                    access_key: e
                model_aliases:
                  gpt-4o-mini:
                    target: groq/llama-3.1-8b-instant
                  dev:
                    target: openai-dev
                """);
        return ConfigLoader.load(ConfigLoader.fileOrigin(file, "test"), Map.of()).routingTable();
    }

    @Test
    void resolvesInOrder() throws IOException {
        RoutingTable table = table();
        // an alias wins over a model of the same name
        assertEquals("groq/llama-3.1-8b-instant", table.resolve("gpt-4o-mini").route().get().target().displayName());
        // instance name
        assertEquals("openai-dev", table.resolve("dev").route().get().target().upstream().id());
        // provider/model: the first entry of that model
        assertEquals("openai/gpt-4o", table.resolve("openai/gpt-4o").route().get().target().upstream().id());
        assertEquals("azure_openai/gpt-4o", table.resolve("azure_openai/gpt-4o").route().get().target().displayName());
        // bare name defined once
        assertEquals("mistral/mistral-large-latest",
                table.resolve("mistral-large-latest").route().get().target().displayName());
        // wildcard
        assertEquals("groq/mixtral-8x7b", table.resolve("groq/mixtral-8x7b").route().get().target().displayName());
        // no model: the default
        assertEquals("openai/gpt-4o", table.resolve(null).route().get().target().displayName());
    }

    @Test
    void missesSayWhy() throws IOException {
        RoutingTable table = table();
        assertEquals(RoutingTable.Miss.NOT_FOUND, table.resolve("claude-3-opus").miss());
        assertEquals(RoutingTable.Miss.NOT_FOUND, table.resolve("mistral/other").miss());
        RoutingTable.Resolution ambiguous = table.resolve("gpt-4o");
        assertEquals(RoutingTable.Miss.AMBIGUOUS, ambiguous.miss());
        assertEquals(List.of("openai/gpt-4o", "azure_openai/gpt-4o"), ambiguous.candidates());
    }
}
