package dev.moniker.provider;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The fixed headers of an entry: its key in the provider's auth style, then its own headers, which win. */
class ProviderHeadersTest {

    private static Upstream entry(ProviderKind kind, boolean passthrough, Map<String, String> headers) {
        return new Upstream("e", kind, kind.prefix(), "m", Optional.empty(), URI.create("https://example.com/v1"),
                Optional.of(new Secret("k-123")), headers, passthrough, Optional.empty(), false);
    }

    @Test
    void eachAuthStyle() {
        assertEquals(Map.of("Authorization", "Bearer k-123"),
                ProviderHeaders.of(entry(ProviderKind.OPENAI, false, Map.of()), "2023-06-01"));
        assertEquals(Map.of("api-key", "k-123"),
                ProviderHeaders.of(entry(ProviderKind.AZURE_OPENAI, false, Map.of()), "2023-06-01"));
        assertEquals(Map.of("x-api-key", "k-123", "anthropic-version", "2023-06-01"),
                ProviderHeaders.of(entry(ProviderKind.ANTHROPIC, false, Map.of()), "2023-06-01"));
    }

    @Test
    void passthroughSendsNoKey() {
        assertEquals(Map.of(), ProviderHeaders.of(entry(ProviderKind.OPENAI, true, Map.of()), "2023-06-01"));
    }

    @Test
    void anthropicVersionIsConfigurableGloballyAndPerEntry() {
        assertEquals("2024-10-22", ProviderHeaders.of(entry(ProviderKind.ANTHROPIC, false, Map.of()), "2024-10-22")
                .get("anthropic-version"));
        Map<String, String> perEntry = ProviderHeaders.of(
                entry(ProviderKind.ANTHROPIC, false, Map.of("Anthropic-Version", "2025-01-01")), "2023-06-01");
        assertEquals(Map.of("x-api-key", "k-123", "Anthropic-Version", "2025-01-01"), perEntry);
    }
}
