package dev.moniker;

import dev.moniker.support.PackagedGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code validate --no-secrets} and {@code explain} on the packaged jar, as a CI job without secrets runs them: an
 * unset key is a note, not an error; each alias's plan is printed; {@code explain} names the upstream URL and the
 * header names, never a key's value; a wrong command line is a usage error that starts nothing.
 */
class CommandLineIT {

    private static final String SECRET = "sk-cli-test-secret-value";

    @TempDir
    Path dir;

    private record Outcome(int status, String stdout, String stderr) {
    }

    private Outcome run(Map<String, String> environment, String... args) throws Exception {
        ProcessBuilder builder = PackagedGateway.command(List.of(), List.of(), "", args);
        builder.environment().remove("MONIKER_CONFIG");
        builder.environment().remove("OPENAI_API_KEY");
        builder.environment().remove("ANTHROPIC_API_KEY");
        builder.environment().putAll(environment);
        Process process = builder.redirectOutput(dir.resolve("out").toFile()).redirectError(dir.resolve("err").toFile())
                .start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the command ended");
        return new Outcome(process.exitValue(), Files.readString(dir.resolve("out"), StandardCharsets.UTF_8),
                Files.readString(dir.resolve("err"), StandardCharsets.UTF_8));
    }

    private String file() throws Exception {
        Path file = dir.resolve("moniker.yaml");
        Files.writeString(file, """
                llm_providers:
                  - model: openai/gpt-4o-mini
                    access_key: $OPENAI_API_KEY
                  - model: anthropic/claude-sonnet-4-20250514
                    access_key: $ANTHROPIC_API_KEY
                model_aliases:
                  arch.summarize.v1:
                    target: gpt-4o-mini
                    fallbacks:
                      - target: claude-sonnet-4-20250514
                        conditions: ["quota_exceeded", "timeout"]
                    guardrails:
                      max_latency: 5s
                """);
        return file.toString();
    }

    @Test
    void validateWithoutSecretsNotesUnsetKeysAndPrintsEachPlan() throws Exception {
        Outcome strict = run(Map.of(), "validate", file());
        assertEquals(2, strict.status(), "unset keys are errors without --no-secrets: " + strict.stderr());
        assertTrue(strict.stderr().contains("OPENAI_API_KEY"), strict.stderr());

        Outcome ci = run(Map.of(), "validate", "--no-secrets", file());
        assertEquals(0, ci.status(), ci.stderr());
        assertTrue(ci.stdout().contains("valid (1 aliases, 2 provider entries)"), ci.stdout());
        assertTrue(ci.stdout().contains("note: OPENAI_API_KEY is not set: a placeholder stands in (--no-secrets)"),
                ci.stdout());
        assertTrue(ci.stdout().contains("arch.summarize.v1 -> openai/gpt-4o-mini | fallback "
                + "anthropic/claude-sonnet-4-20250514"), ci.stdout());
    }

    @Test
    void explainShowsThePlanTheUrlAndHeaderNamesButNeverAKey() throws Exception {
        Outcome explained = run(Map.of("OPENAI_API_KEY", SECRET), "explain", file(), "arch.summarize.v1");
        assertEquals(0, explained.status(), explained.stderr());
        String out = explained.stdout();
        assertTrue(out.contains("arch.summarize.v1: alias arch.summarize.v1"), out);
        assertTrue(out.contains("POST https://api.openai.com/v1/chat/completions"), out);
        assertTrue(out.contains("headers: Authorization"), out);
        assertTrue(out.contains("fallback 1 on quota_exceeded, timeout:"), out);
        assertTrue(out.contains("POST https://api.anthropic.com/v1/messages"), out);
        assertTrue(out.contains("headers: x-api-key, anthropic-version"), out);
        assertTrue(out.contains("price: $0.15/M input, $0.6/M output"), out);
        assertTrue(out.contains("max_latency: 5000 ms per attempt"), out);
        assertFalse(out.contains(SECRET) || explained.stderr().contains(SECRET), "a key's value is never printed");

        Outcome missing = run(Map.of(), "explain", file(), "nosuch-model");
        assertEquals(1, missing.status());
        assertTrue(missing.stderr().contains("'nosuch-model' is not an alias, instance name or provider model"),
                missing.stderr());

        Outcome usage = run(Map.of(), "explain");
        assertEquals(2, usage.status());
        assertTrue(usage.stderr().contains("explain takes [FILE] MODEL"), usage.stderr());
    }
}
