package dev.moniker.config;

import dev.moniker.routing.Plan;
import dev.moniker.routing.Condition;
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
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One test per routing validation rule, through the same loader and validator start-up uses. */
class RoutingValidationTest {

    private static final String PROVIDERS = """
            llm_providers:
              - model: openai/gpt-4o-mini
                access_key: sk-test
              - model: openai/gpt-4o
                access_key: sk-test
              - model: openai/o1-preview
                access_key: sk-test
              - model: ollama/llama3.1
              - model: anthropic/claude-3-haiku-20240307
                access_key: sk-ant-test
            """;

    @TempDir
    Path dir;

    private ValidatedConfig load(String aliases) throws IOException {
        Path file = dir.resolve("moniker.yaml");
        Files.writeString(file, PROVIDERS + "model_aliases:\n" + aliases.stripIndent());
        return ConfigLoader.load(ConfigLoader.fileOrigin(file, file.toString()), Map.of());
    }

    private List<String> problems(String aliases) {
        return assertThrows(InvalidConfigException.class, () -> load(aliases)).problems();
    }

    @Test
    void everySeedExampleLoads() throws IOException {
        ValidatedConfig config = load("""
                  arch.summarize.v1:
                    target: gpt-4o-mini
                    fallbacks:
                      - target: llama3.1
                        conditions: ["quota_exceeded", "timeout"]
                      - target: claude-3-haiku-20240307
                        conditions: ["primary_and_first_fallback_failed"]
                  arch.reasoning.v1:
                    target: gpt-4o
                    guardrails:
                      max_latency: 5s
                  arch.v1:
                    targets:
                      - model: llama3.1
                        weight: 80
                      - model: gpt-4o-mini
                        weight: 20
                  arch.experimental.v1:
                    targets:
                      - model: gpt-4o
                        weight: 95
                      - model: o1-preview
                        weight: 5
                  high-throughput-chat:
                    load_balance:
                      algorithm: "round_robin"
                    targets:
                      - model: gpt-4o-mini
                        endpoint: "https://api-1.example.com"
                      - model: gpt-4o-mini
                        endpoint: "https://api-2.example.com"
                      - model: gpt-4o-mini
                        endpoint: "https://api-3.example.com"
                """);
        Map<String, Plan> aliases = config.routingTable().aliases();
        Plan chain = aliases.get("arch.summarize.v1");
        assertEquals(3, chain.steps().size());
        assertEquals(Set.of(Condition.QUOTA_EXCEEDED, Condition.TIMEOUT), chain.steps().get(1).conditions());
        assertTrue(chain.steps().get(2).afterEarlierSteps());
        assertEquals(Optional.of(Duration.ofSeconds(5)), aliases.get("arch.reasoning.v1").maxLatency());
        Selector.Split split = assertInstanceOf(Selector.Split.class, aliases.get("arch.v1").steps().get(0).selector());
        assertEquals(List.of(80, 20), split.arms().stream().map(Selector.Arm::weight).toList());
        Selector.Pool pool = assertInstanceOf(Selector.Pool.class,
                aliases.get("high-throughput-chat").steps().get(0).selector());
        assertEquals("https://api-2.example.com/v1", pool.endpoints().get(1).upstream().endpoint().toString());
        // each endpoint is its own provider entry, so it gets its own client and circuit breaker
        assertEquals(5 + 3, config.routingTable().clientUpstreams().size());
    }

    @Test
    void omittedConditionsMeanTheDefaultSet() throws IOException {
        Plan route = load("""
                  a:
                    target: gpt-4o-mini
                    fallbacks:
                      - target: llama3.1
                """).routingTable().aliases().get("a");
        assertEquals(Condition.DEFAULT_SET, route.steps().get(1).conditions());
    }

    @Test
    void weightsMustSumTo100() {
        assertEquals(List.of("model_aliases.arch.v1.targets: weights sum to 90, must be 100"), problems("""
                  arch.v1:
                    targets:
                      - model: llama3.1
                        weight: 70
                      - model: gpt-4o-mini
                        weight: 20
                """));
    }

    @Test
    void eachWeightMustBePositive() {
        assertTrue(problems("""
                  arch.v1:
                    targets:
                      - model: llama3.1
                        weight: 100
                      - model: gpt-4o-mini
                        weight: 0
                """).contains("model_aliases.arch.v1.targets[1].weight: 0, must be greater than 0"));
    }

    @Test
    void fallbackTargetMustBeDefined() {
        assertEquals(List.of("model_aliases.a.fallbacks[0].target: 'llama9' is not defined in llm_providers or "
                + "model_aliases"), problems("""
                  a:
                    target: gpt-4o-mini
                    fallbacks:
                      - target: llama9
                """));
    }

    @Test
    void cyclesThroughFallbacksAreRefused() {
        assertEquals(List.of("model_aliases.b.fallbacks[0].target: circular reference a -> b -> a"), problems("""
                  a:
                    target: gpt-4o-mini
                    fallbacks:
                      - target: b
                  b:
                    target: llama3.1
                    fallbacks:
                      - target: a
                """));
    }

    @Test
    void cyclesThroughTargetsAreRefused() {
        assertEquals(List.of("model_aliases.b.target: circular reference a -> b -> a"), problems("""
                  a:
                    target: b
                  b:
                    target: a
                """));
    }

    @Test
    void targetAndTargetsTogetherAreRefused() {
        assertEquals(List.of("model_aliases.a: set exactly one of target and targets, not both"), problems("""
                  a:
                    target: gpt-4o-mini
                    targets:
                      - model: llama3.1
                        weight: 100
                """));
    }

    @Test
    void unknownConditionIsRefused() {
        List<String> problems = problems("""
                  a:
                    target: gpt-4o-mini
                    fallbacks:
                      - target: llama3.1
                        conditions: ["quota_exceded"]
                """);
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).startsWith("model_aliases.a.fallbacks[0].conditions: unknown condition "
                + "'quota_exceded' (known: quota_exceeded, timeout"), problems.get(0));
    }

    @Test
    void badDurationIsRefused() {
        assertEquals(List.of("model_aliases.a.guardrails.max_latency: '5 seconds' is not a duration (a positive "
                + "whole number with ms, s or m, e.g. 500ms, 5s, 1m)"), problems("""
                  a:
                    target: gpt-4o-mini
                    guardrails:
                      max_latency: 5 seconds
                """));
    }

    @Test
    void badAlgorithmIsRefused() {
        assertEquals(List.of("model_aliases.p.load_balance.algorithm: unknown algorithm 'random' (use round_robin, "
                + "least_connections, weighted or latency)"), problems("""
                  p:
                    load_balance:
                      algorithm: random
                    targets:
                      - model: gpt-4o-mini
                        endpoint: https://api-1.example.com
                """));
    }

    @Test
    void poolEndpointsNeedAnEndpointAndOneModel() {
        List<String> problems = problems("""
                  p:
                    load_balance:
                      algorithm: round_robin
                    targets:
                      - model: gpt-4o-mini
                        endpoint: https://api-1.example.com
                      - model: gpt-4o
                        endpoint: https://api-2.example.com
                      - model: gpt-4o-mini
                """);
        assertEquals(List.of(
                "model_aliases.p.targets[1].model: a load-balanced pool serves one model (targets[0] is openai/gpt-4o-mini)",
                "model_aliases.p.targets[2].endpoint: required with load_balance (base URL of this instance)"), problems);
    }

    @Test
    void stickyByMustNameUserOrAHeader() {
        assertEquals(List.of("model_aliases.a.sticky_by: 'cookie' is not user or header:<name>"), problems("""
                  a:
                    sticky_by: cookie
                    targets:
                      - model: llama3.1
                        weight: 50
                      - model: gpt-4o-mini
                        weight: 50
                """));
    }

    @Test
    void theSeedsContentGuardrailsLoadAndTheirTyposAreRefusedByKey() throws IOException {
        ValidatedConfig loaded = load("""
                  a:
                    target: gpt-4o-mini
                    guardrails:
                      max_latency: 5s
                      block_categories: ["jailbreak", "PII"]
                      content_filters:
                        - type: "profanity"
                        - type: "sensitive_data"
                          action: block
                          apply_to: output
                """);
        assertEquals(java.util.Set.of(dev.moniker.guardrail.GuardrailRules.Category.JAILBREAK,
                dev.moniker.guardrail.GuardrailRules.Category.PII), loaded.guardrails().get("a").blocked());
        assertEquals(List.of(new dev.moniker.guardrail.GuardrailRules.ContentFilter(
                        dev.moniker.guardrail.GuardrailRules.Type.PROFANITY, dev.moniker.guardrail.GuardrailRules.Action.MASK),
                new dev.moniker.guardrail.GuardrailRules.ContentFilter(dev.moniker.guardrail.GuardrailRules.Type.SENSITIVE_DATA,
                        dev.moniker.guardrail.GuardrailRules.Action.BLOCK, dev.moniker.guardrail.GuardrailRules.Side.OUTPUT)),
                loaded.guardrails().get("a").filters());
        assertEquals(List.of(dev.moniker.guardrail.GuardrailRules.Type.PROFANITY),
                loaded.guardrails().get("a").filters(dev.moniker.guardrail.GuardrailRules.Side.INPUT).stream()
                        .map(dev.moniker.guardrail.GuardrailRules.ContentFilter::type).toList(),
                "a filter without apply_to acts on both sides; one with apply_to: output not on the input");
        assertEquals(List.of(
                "model_aliases.a.guardrails.block_categories[1]: unknown category 'PPI' (known: PII, jailbreak)",
                "model_aliases.a.guardrails.content_filters[0].type: unknown content filter 'profanty' (known: "
                        + "profanity, sensitive_data)",
                "model_aliases.a.guardrails.content_filters[1].action: unknown action 'hide' (known: mask, redact, block)",
                "model_aliases.a.guardrails.content_filters[2].apply_to: unknown value 'answers' (known: input, output, "
                        + "both)"),
                problems("""
                  a:
                    target: gpt-4o-mini
                    guardrails:
                      block_categories: ["jailbreak", "PPI"]
                      content_filters:
                        - type: "profanty"
                        - type: "sensitive_data"
                          action: hide
                        - type: "profanity"
                          apply_to: answers
                """));
    }
}
