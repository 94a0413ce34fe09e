package dev.moniker;

import dev.moniker.support.PackagedGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs the packaged gateway as an operator would: a refused configuration stops the process with status 2 and a
 * message naming the key, before anything is served; {@code validate} checks a file offline.
 */
class StartupIT {

    @TempDir
    Path dir;

    private record Outcome(int status, String stderr, String stdout) {
    }

    /** The packaged gateway as an operator starts it, with a key in the environment. */
    private static ProcessBuilder gateway(String configFile, String... args) {
        ProcessBuilder builder = PackagedGateway.command(List.of(), List.of(), configFile, args);
        builder.environment().put("OPENAI_API_KEY", "sk-startup-test-secret");
        return builder;
    }

    private Outcome run(String configFile, String... args) throws IOException, InterruptedException {
        Process process = gateway(configFile, args)
                .redirectError(dir.resolve("stderr").toFile())
                .redirectOutput(dir.resolve("stdout").toFile())
                .start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the gateway kept running with an invalid configuration");
        }
        return new Outcome(process.exitValue(),
                Files.readString(dir.resolve("stderr"), StandardCharsets.UTF_8),
                Files.readString(dir.resolve("stdout"), StandardCharsets.UTF_8));
    }

    private String write(String yaml) throws IOException {
        Path file = dir.resolve("moniker.yaml");
        Files.writeString(file, yaml);
        return file.toString();
    }

    @Test
    void invalidConfigurationStopsTheGatewayNamingTheKey() throws Exception {
        String file = write("""
                llm_providers:
                  - model: openai/gpt-4o
                    access_key: $OPENAI_API_KEY
                model_aliases:
                  fast-model:
                    targte: gpt-4o
                """);
        Outcome outcome = run(file);
        assertEquals(2, outcome.status(), outcome.stderr());
        assertTrue(outcome.stderr().contains(
                "model_aliases.fast-model.targte: unknown key 'targte' (did you mean 'target'?)"), outcome.stderr());
        assertFalse(outcome.stdout().contains("Listening on"), outcome.stdout());
        assertFalse((outcome.stdout() + outcome.stderr()).contains("sk-startup-test-secret"));
    }

    @Test
    void missingFileStopsTheGateway() throws Exception {
        Outcome outcome = run(dir.resolve("absent.yaml").toString());
        assertEquals(2, outcome.status(), outcome.stderr());
        assertTrue(outcome.stderr().contains("configuration file " + dir.resolve("absent.yaml")
                + " does not exist"), outcome.stderr());
    }

    @Test
    void validateCommandChecksAFileOffline() throws Exception {
        String good = write("""
                llm_providers:
                  - model: openai/gpt-4o
                    access_key: $OPENAI_API_KEY
                model_aliases:
                  smart-model:
                    target: gpt-4o
                """);
        Outcome valid = run("", "validate", good);
        assertEquals(0, valid.status(), valid.stderr());
        assertTrue(valid.stdout().contains("valid (1 aliases, 1 provider entries)"), valid.stdout());

        String bad = write("""
                llm_providers:
                  - model: openai/gpt-4o
                    access_key: $OPENAI_API_KEY
                model_aliases:
                  smart-model:
                    target: smart-model
                """);
        Outcome invalid = run("", "validate", bad);
        assertEquals(2, invalid.status());
        assertTrue(invalid.stderr().contains("model_aliases.smart-model.target: circular reference "
                + "smart-model -> smart-model"), invalid.stderr());
    }

    @Test
    void keysNeverReachTheLogsOfARunningGateway() throws Exception {
        // A provider nobody listens on, so every request fails and is logged; a key in a header value too.
        String file = write("""
                llm_providers:
                  - model: openai/gpt-4o
                    access_key: $OPENAI_API_KEY
                    base_url: http://127.0.0.1:%d
                    headers:
                      X-Org-Token: tok-startup-test-secret
                model_aliases:
                  smart-model:
                    target: gpt-4o
                """.formatted(dev.moniker.support.FakeProviders.closedPort()));
        ProcessBuilder builder = gateway(file);
        builder.environment().put("QUARKUS_LOG_LEVEL", "DEBUG");
        try (PackagedGateway running = PackagedGateway.start(builder, dir.resolve("log"))) {
            for (String body : List.of(
                    "{\"model\":\"smart-model\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}",
                    "{\"model\":\"smart-model\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}")) {
                java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
                        java.net.http.HttpRequest.newBuilder(java.net.URI.create(running.url("/v1/chat/completions")))
                                .header("Authorization", "Bearer client-startup-test-secret")
                                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
                assertEquals(502, response.statusCode(), response.body());
                assertFalse(response.body().contains("startup-test-secret"), response.body());
                assertFalse(response.body().contains("127.0.0.1"), response.body());
            }
        }
        String log = Files.readString(dir.resolve("log"), StandardCharsets.UTF_8);
        assertTrue(log.contains("smart-model") && log.contains("is unreachable"), log);
        assertFalse(log.contains("startup-test-secret"), log);
    }

    @Test
    void startsAndAnswersWithoutAWritableTempDirectory() throws Exception {
        // As on a read-only root file system: the temp directory cannot be created, not even by root.
        String file = write("""
                llm_providers:
                  - model: openai/gpt-4o
                    access_key: $OPENAI_API_KEY
                    base_url: http://127.0.0.1:%d
                model_aliases:
                  smart-model:
                    target: gpt-4o
                """.formatted(dev.moniker.support.FakeProviders.closedPort()));
        ProcessBuilder builder = PackagedGateway.command(List.of(), List.of("-Djava.io.tmpdir=/proc/moniker-no-tmp"),
                file);
        builder.environment().put("OPENAI_API_KEY", "sk-startup-test-secret");
        try (PackagedGateway running = PackagedGateway.start(builder, dir.resolve("readonly-log"))) {
            try (java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient()) {
                var ready = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(running.url("/q/health/ready")))
                        .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
                assertEquals(200, ready.statusCode(), ready.body());
            }
        }
    }

    @Test
    void aPortInUseStopsTheGatewaySayingWhy() throws Exception {
        String file = write("""
                llm_providers:
                  - model: openai/gpt-4o
                    access_key: $OPENAI_API_KEY
                    base_url: http://127.0.0.1:%d
                """.formatted(dev.moniker.support.FakeProviders.closedPort()));
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("0.0.0.0"))) {
            ProcessBuilder builder = gateway(file);
            builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(taken.getLocalPort()));
            Process process = builder.redirectErrorStream(true).redirectOutput(dir.resolve("port-log").toFile()).start();
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the gateway stopped");
            String log = Files.readString(dir.resolve("port-log"), StandardCharsets.UTF_8);
            assertEquals(1, process.exitValue(), log);
            assertTrue(log.contains("moniker: not started:") && log.contains(Integer.toString(taken.getLocalPort())),
                    log);
        }
    }

    @Test
    void aDefaultAliasLeftOutForAnUnsetKeySaysWhichVariableToSet() throws Exception {
        ProcessBuilder builder = PackagedGateway.command(List.of(), List.of(), "unused");
        builder.environment().remove("MONIKER_CONFIG"); // the embedded default
        builder.environment().remove("OPENAI_API_KEY");
        builder.environment().remove("ANTHROPIC_API_KEY");
        try (PackagedGateway running = PackagedGateway.start(builder, dir.resolve("default-log"));
             java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient()) {
            java.net.http.HttpResponse<String> response = http.send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create(running.url("/v1/chat/completions")))
                    .header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                            "{\"model\":\"fast-model\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                    .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(404, response.statusCode(), response.body());
            assertTrue(response.body().contains("\"code\":\"model_not_available\"")
                    && response.body().contains("OPENAI_API_KEY"), response.body());
        }
    }

    @Test
    void theCommandLineExplainsItselfAndAnUnknownArgumentNeverStartsAServer() throws Exception {
        Outcome help = run("unused", "--help");
        assertEquals(0, help.status());
        assertTrue(help.stdout().contains("Usage:") && help.stdout().contains("validate"), help.stdout());
        Outcome withProperty = run("unused", "-Dquarkus.http.host=0.0.0.0", "--help");
        assertEquals(0, withProperty.status(), "a -D argument, as the native images pass one, is not a command");
        Outcome unknown = run("unused", "start", "fast-model");
        assertEquals(2, unknown.status());
        assertTrue(unknown.stderr().contains("unknown command or option 'start'"), unknown.stderr());
        assertFalse(unknown.stdout().contains("Listening on"), "no server started: " + unknown.stdout());
    }
}
