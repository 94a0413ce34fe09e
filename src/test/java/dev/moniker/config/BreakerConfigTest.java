package dev.moniker.config;

import dev.moniker.provider.BreakerSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@code circuit_breaker} on a provider entry and on a pool: what loads, and what is refused by key. */
class BreakerConfigTest {

    @TempDir
    Path dir;

    private ValidatedConfig load(String yaml) throws IOException {
        Path file = dir.resolve("moniker.yaml");
        Files.writeString(file, yaml.stripIndent());
        return ConfigLoader.load(ConfigLoader.fileOrigin(file, file.toString()), Map.of());
    }

    @Test
    void entriesAndPoolsMaySetTheirOwnThresholds() throws IOException {
        ValidatedConfig config = load("""
                llm_providers:
                  - model: openai/gpt-4o-mini
                    access_key: sk-test
                    circuit_breaker:
                      request_volume: 10
                      failure_ratio: 0.3
                  - model: ollama/llama3.1
                model_aliases:
                  local:
                    load_balance:
                      algorithm: round_robin
                      circuit_breaker:
                        delay: 30s
                    targets:
                      - model: llama3.1
                        endpoint: http://gpu-1:11434
                      - model: llama3.1
                        endpoint: http://gpu-2:11434
                """);
        assertEquals(new BreakerSettings(OptionalInt.of(10), OptionalDouble.of(0.3), Optional.empty()),
                config.breakers().get("openai/gpt-4o-mini"));
        assertEquals(new BreakerSettings(OptionalInt.empty(), OptionalDouble.empty(), Optional.of(Duration.ofSeconds(30))),
                config.breakers().get("ollama/llama3.1@2"));
        assertEquals(3, config.breakers().size(), "the entry and both pool endpoints: " + config.breakers().keySet());
    }

    @Test
    void badThresholdsAreRefusedByKey() {
        List<String> problems = assertThrows(InvalidConfigException.class, () -> load("""
                llm_providers:
                  - model: openai/gpt-4o-mini
                    access_key: sk-test
                    circuit_breaker:
                      request_volume: 0
                      failure_ratio: 1.5
                      delay: soon
                """)).problems();
        assertEquals(List.of("llm_providers[0].circuit_breaker.request_volume: 0, must be at least 1",
                "llm_providers[0].circuit_breaker.failure_ratio: 1.5, must be above 0 and at most 1",
                "llm_providers[0].circuit_breaker.delay: 'soon' is not a duration (e.g. 500ms, 10s, 1m)"), problems);
    }
}
