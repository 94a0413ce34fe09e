package dev.moniker.config;

import dev.moniker.cost.Price;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@code max_cost_per_request} and {@code pricing} at start-up: what loads, and what is refused by key. */
class CostConfigTest {

    @TempDir
    Path dir;

    private ValidatedConfig load(String yaml) throws IOException {
        Path file = dir.resolve("moniker.yaml");
        Files.writeString(file, yaml.stripIndent());
        return ConfigLoader.load(ConfigLoader.fileOrigin(file, file.toString()), Map.of());
    }

    private List<String> problems(String yaml) {
        return assertThrows(InvalidConfigException.class, () -> load(yaml)).problems();
    }

    @Test
    void theSeedsWholeGuardrailsBlockLoadsWithGptOss120bPricedByItsModelId() throws IOException {
        ValidatedConfig config = load("""
                llm_providers:
                  - model: groq/openai/gpt-oss-120b
                    access_key: gsk-test
                  - model: openai/gpt-4o-mini
                    access_key: sk-test
                model_aliases:
                  arch.reasoning.v1:
                    target: openai/gpt-oss-120b
                    fallbacks:
                      - target: gpt-4o-mini
                    guardrails:
                      max_latency: 5s
                      max_cost_per_request: 0.10
                      block_categories: ["jailbreak", "PII"]
                      content_filters:
                        - type: "profanity"
                        - type: "sensitive_data"
                """);
        assertEquals(0.10, config.guardrails().get("arch.reasoning.v1").maxCost().getAsDouble());
        assertEquals(0.15, config.prices().of("groq/openai/gpt-oss-120b", "openai/gpt-oss-120b").orElseThrow()
                .inputPerMillion());
    }

    @Test
    void aModelWithNoKnownPriceIsRefusedNamingItAndAnEntrysPricingMakesItLoad() throws IOException {
        String aliases = """
                model_aliases:
                  local:
                    target: ollama/llama3.1
                    fallbacks:
                      - target: openai/gpt-4o-mini
                    guardrails:
                      max_cost_per_request: 0.01
                """;
        assertEquals(List.of("model_aliases.local.guardrails.max_cost_per_request: no price is known for "
                        + "ollama/llama3.1; give its llm_providers entry pricing: {input_per_million: ..., "
                        + "output_per_million: ...} (USD)"),
                problems("""
                        llm_providers:
                          - model: ollama/llama3.1
                          - model: openai/gpt-4o-mini
                            access_key: sk-test
                        """ + aliases));
        ValidatedConfig priced = load("""
                llm_providers:
                  - model: ollama/llama3.1
                    pricing: {input_per_million: 0, output_per_million: 0.02, max_output_tokens: 2048}
                  - model: openai/gpt-4o-mini
                    access_key: sk-test
                """ + aliases);
        assertEquals(new Price(0, 0.02, OptionalLong.of(2048)),
                priced.prices().of("ollama/llama3.1", "llama3.1").orElseThrow());
    }

    @Test
    void badLimitsAndPricesAreRefusedByKey() {
        assertEquals(List.of(
                        "llm_providers[0].pricing.output_per_million: required with pricing (USD per million tokens, "
                                + "e.g. 2.50)",
                        "llm_providers[1].pricing.input_per_million: must be zero or a positive number of USD per "
                                + "million tokens",
                        "llm_providers[1].pricing.max_output_tokens: must be a positive number of tokens",
                        "model_aliases.a.guardrails.max_cost_per_request: must be a positive amount of USD (e.g. 0.10)"),
                problems("""
                        llm_providers:
                          - model: ollama/llama3.1
                            pricing: {input_per_million: 1}
                          - model: openai/gpt-4o-mini
                            access_key: sk-test
                            pricing: {input_per_million: -1, output_per_million: 1, max_output_tokens: 0}
                        model_aliases:
                          a:
                            target: gpt-4o-mini
                            guardrails:
                              max_cost_per_request: 0
                        """));
        List<String> typo = problems("""
                llm_providers:
                  - model: openai/gpt-4o-mini
                    access_key: sk-test
                    pricing: {input_per_milion: 1, output_per_million: 1}
                """);
        assertEquals(1, typo.size(), typo.toString());
        assertEquals(true, typo.get(0).startsWith("llm_providers[0].pricing.input_per_milion: unknown key"), typo.get(0));
    }

    @Test
    void aKeysSpendLimitNeedsAPriceForEverythingTheKeyCanReach() throws IOException {
        String file = """
                llm_providers:
                  - model: openai/gpt-4o-mini
                    access_key: sk-test
                  - model: ollama/llama3.1
                model_aliases:
                  cheap:
                    target: gpt-4o-mini
                  local:
                    target: llama3.1
                client_keys:
                  - name: team
                    key: mk-team-0123456789abcdef
                    allowed_aliases: [%s]
                    limits:
                      max_cost_per_day: 5
                """;
        assertEquals(List.of("client_keys[0].limits.max_cost_per_day: no price is known for ollama/llama3.1, which "
                        + "this key can reach; give its llm_providers entry pricing: {input_per_million: ..., "
                        + "output_per_million: ...} (USD), or narrow allowed_aliases"),
                problems(file.formatted("\"*\"")));
        ValidatedConfig narrowed = load(file.formatted("cheap"));
        assertEquals(5.0, narrowed.limits().keys().get("team").costPerDay().getAsDouble());
    }
}
