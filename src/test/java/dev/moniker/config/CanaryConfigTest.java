package dev.moniker.config;

import dev.moniker.routing.CanaryPolicy;
import dev.moniker.routing.Selector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A split's {@code canary} block: what loads, its defaults, and what is refused by key. */
class CanaryConfigTest {

    private static final String PROVIDERS = """
            llm_providers:
              - model: openai/gpt-4o-mini
                access_key: sk-test
              - model: openai/gpt-4.1-mini
                access_key: sk-test
            model_aliases:
            """;

    @TempDir
    Path dir;

    private ValidatedConfig load(String aliases) throws IOException {
        Path file = dir.resolve("moniker.yaml");
        Files.writeString(file, PROVIDERS + aliases.stripIndent());
        return ConfigLoader.load(ConfigLoader.fileOrigin(file, file.toString()), Map.of());
    }

    @Test
    void aCanaryBlockLoadsWithItsDefaults() throws IOException {
        ValidatedConfig config = load("""
                  summarize:
                    targets:
                      - model: gpt-4o-mini
                        weight: 90
                      - model: gpt-4.1-mini
                        weight: 10
                    canary:
                      max_error_rate: 5%
                      max_latency_p95: 3s
                """);
        Selector.Split split = (Selector.Split) config.routingTable().aliases().get("summarize").steps().get(0).selector();
        assertEquals(Optional.of(new CanaryPolicy(0.05, Optional.of(Duration.ofSeconds(3)), Duration.ofMinutes(5), 50,
                Duration.ofMinutes(10))), split.canary());
        assertEquals("openai/gpt-4o-mini", split.majority().target().displayName());
    }

    @Test
    void badCanaryBlocksAreRefusedByKey() {
        List<String> problems = assertThrows(InvalidConfigException.class, () -> load("""
                  a:
                    targets:
                      - model: gpt-4o-mini
                        weight: 90
                      - model: gpt-4.1-mini
                        weight: 10
                    canary:
                      max_error_rate: lots
                      window: forever
                      min_requests: 0
                  b:
                    target: gpt-4o-mini
                    canary:
                      max_error_rate: 5%
                  c:
                    targets:
                      - model: gpt-4o-mini
                        weight: 50
                      - model: gpt-4.1-mini
                        weight: 50
                    canary:
                      hold: 1m
                      max_eror_rate: 1%
                """)).problems();
        assertEquals(List.of("model_aliases.c.canary.max_eror_rate: unknown key 'max_eror_rate' (did you mean "
                        + "'max_error_rate'?)",
                "model_aliases.a.canary.max_error_rate: 'lots' must be a share of requests, as 5% or 0.05",
                "model_aliases.a.canary.window: 'forever' is not a duration (e.g. 500ms, 3s, 5m)",
                "model_aliases.a.canary.min_requests: 0, must be at least 1",
                "model_aliases.b.canary: only on a traffic split (targets with weights), whose minority arms it rolls "
                        + "back"), problems, "one pass: the typo, and everything else but the typo's own cascade");
        List<String> noRule = assertThrows(InvalidConfigException.class, () -> load("""
                  c:
                    targets:
                      - model: gpt-4o-mini
                        weight: 50
                      - model: gpt-4.1-mini
                        weight: 50
                    canary:
                      hold: 1m
                """)).problems();
        assertEquals(List.of("model_aliases.c.canary: give max_error_rate, max_latency_p95 or both (what makes a "
                + "canary bad)"), noRule);
    }
}
