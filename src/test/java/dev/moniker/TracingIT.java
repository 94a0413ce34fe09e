package dev.moniker;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.moniker.support.PackagedGateway;
import dev.moniker.support.ScriptedProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Traces and logs for pipelines. Traces reach a real OTLP receiver (WireMock taking OTLP over HTTP) from the packaged gateway: a span per request
 * and a child per attempt, with the GenAI attributes; and a gateway with no endpoint exports nothing. OTLP is
 * protobuf, where strings travel as their bytes: the test reads names and values straight from the bodies. JSON
 * logs are one object per line, the access log's fields among its members.
 */
class TracingIT {

    private static final String SECRET = "sk-provider-secret-never-traced";

    @TempDir
    Path dir;

    @Test
    void eachRequestIsASpanAndEachAttemptAChildWithTheGenAiAttributes() throws Exception {
        WireMockServer collector = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        collector.start();
        collector.stubFor(post("/v1/traces").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/x-protobuf")));
        // The quota-spent primary: a 429, so the alias falls back to the scripted provider.
        collector.stubFor(post("/quota/v1/chat/completions").willReturn(aResponse().withStatus(429)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"message\":\"quota\",\"type\":\"requests\",\"code\":\"rate_limit_exceeded\"}}")));
        try (ScriptedProvider provider = ScriptedProvider.start(1, 3)) {
            Path config = dir.resolve("moniker.yaml");
            Files.writeString(config, """
                    llm_providers:
                      - model: openai/gpt-4o-mini
                        access_key: %3$s
                        base_url: %1$s/quota/v1
                      - model: groq/llama-3.1-8b-instant
                        access_key: %3$s
                        base_url: %2$s/v1
                    model_aliases:
                      arch.summarize.v1:
                        target: gpt-4o-mini
                        fallbacks:
                          - target: llama-3.1-8b-instant
                            conditions: ["quota_exceeded"]
                    tracing:
                      random_sampling: 100
                      trace_arch_internal: true
                    """.formatted(collector.baseUrl(), provider.baseUrl(), SECRET));
            Map<String, String> environment = Map.of("MONIKER_TRACING_ENDPOINT", collector.baseUrl(),
                    "QUARKUS_OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "http/protobuf",
                    "QUARKUS_OTEL_BSP_SCHEDULE_DELAY", "100ms");
            try (PackagedGateway gateway = PackagedGateway.start(List.of(), List.of("-Xmx128m"), config.toString(),
                    environment, PackagedGateway.logFile("tracing"))) {
                OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(gateway.url("/v1")).apiKey("unused")
                        .maxRetries(0).build();
                ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model("arch.summarize.v1")
                        .addUserMessage("the secret text of the prompt").build();
                assertEquals("scripted answer", client.chat().completions().create(params).choices().get(0)
                        .message().content().orElseThrow());
                try (var stream = client.chat().completions().createStreaming(params)) {
                    assertTrue(stream.stream().count() > 0);
                }

                String exported = awaitExport(collector, "llama-3.1-8b-instant", 2);
                // the attempts: the 429 and the fallback that served, each a CLIENT span named "{operation} {model}"
                assertTrue(exported.contains("chat gpt-4o-mini") && exported.contains("chat llama-3.1-8b-instant"),
                        exported);
                for (String attribute : List.of("gen_ai.operation.name", "gen_ai.provider.name", "gen_ai.request.model",
                        "gen_ai.response.model", "gen_ai.usage.input_tokens", "gen_ai.usage.output_tokens",
                        "moniker.alias", "moniker.attempts", "error.type", "server.address")) {
                    assertTrue(exported.contains(attribute), attribute + " in " + exported);
                }
                assertTrue(exported.contains("arch.summarize.v1") && exported.contains("groq/llama-3.1-8b-instant"),
                        "the alias asked for and the provider model that served");
                assertTrue(exported.contains("POST /v1/chat/completions"), "the request's own HTTP server span");
                assertFalse(exported.contains(SECRET) || exported.contains("secret text"), "no key, no prompt text");
                assertTrue(gateway.log().contains("tracing.trace_arch_internal"), "the unused key is named at start-up");
            }
        } finally {
            collector.stop();
        }
    }

    @Test
    void withoutAnEndpointNothingIsExported() throws Exception {
        WireMockServer collector = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        collector.start();
        try (ScriptedProvider provider = ScriptedProvider.start(1, 3)) {
            Path config = dir.resolve("plain.yaml");
            Files.writeString(config, """
                    llm_providers:
                      - model: openai/gpt-4o-mini
                        access_key: sk-x
                        base_url: %s/v1
                    """.formatted(provider.baseUrl()));
            // The default OTLP endpoint would be localhost:4317; point the port at the collector to be sure.
            try (PackagedGateway gateway = PackagedGateway.start(List.of(), List.of("-Xmx128m"), config.toString(),
                    Map.of("QUARKUS_OTEL_BSP_SCHEDULE_DELAY", "50ms"), PackagedGateway.logFile("tracing-off"))) {
                OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(gateway.url("/v1")).apiKey("unused")
                        .maxRetries(0).build();
                client.chat().completions().create(ChatCompletionCreateParams.builder().model("openai/gpt-4o-mini")
                        .addUserMessage("hi").build());
                String log = gateway.log();
                assertFalse(log.contains("4317") || log.toLowerCase().contains("export"), log);
            }
            collector.verify(0, postRequestedFor(urlPathEqualTo("/v1/traces")));
        } finally {
            collector.stop();
        }
    }

    @Test
    void jsonLogsAreOneObjectPerLineAndCarryTheAccessLogsFields() throws Exception {
        try (ScriptedProvider provider = ScriptedProvider.start(1, 3)) {
            Path config = dir.resolve("logs.yaml");
            Files.writeString(config, """
                    llm_providers:
                      - model: openai/gpt-4o-mini
                        access_key: %s
                        base_url: %s/v1
                    """.formatted(SECRET, provider.baseUrl()));
            try (PackagedGateway gateway = PackagedGateway.start(List.of(), List.of("-Xmx128m"), config.toString(),
                    Map.of("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "true", "MONIKER_ACCESS_LOG_ENABLED", "true"),
                    PackagedGateway.logFile("json-logs"))) {
                OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(gateway.url("/v1")).apiKey("unused")
                        .maxRetries(0).build();
                client.chat().completions().create(ChatCompletionCreateParams.builder().model("openai/gpt-4o-mini")
                        .addUserMessage("the secret text of the prompt").build());
                com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
                com.fasterxml.jackson.databind.JsonNode access = null;
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (access == null && System.nanoTime() < deadline) {
                    for (String line : gateway.log().lines().filter(line -> !line.isBlank()).toList()) {
                        com.fasterxml.jackson.databind.JsonNode entry = mapper.readTree(line); // every line is JSON
                        if ("moniker.access".equals(entry.path("loggerName").asText())) {
                            access = entry;
                        }
                    }
                    if (access == null) {
                        Thread.sleep(50); // the line is written as the exchange ends, by another process
                    }
                }
                assertTrue(access != null, gateway.log());
                var mdc = access.path("mdc");
                assertEquals("openai/gpt-4o-mini", mdc.path("served").asText(), access.toString());
                assertEquals("200", mdc.path("status").asText());
                assertEquals("5/2", mdc.path("tokens").asText());
                assertTrue(access.path("message").asText().startsWith("api=openai requested=openai/gpt-4o-mini"));
                assertFalse(gateway.log().contains(SECRET) || gateway.log().contains("secret text"));
            }
        }
    }

    /** The trace bodies received so far, once one names {@code marker} at least {@code times} times (or 20 s). */
    private static String awaitExport(WireMockServer collector, String marker, int times) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        String all = "";
        while (System.nanoTime() < deadline) {
            StringBuilder bodies = new StringBuilder();
            for (LoggedRequest request : collector.findAll(postRequestedFor(urlEqualTo("/v1/traces")))) {
                bodies.append(new String(request.getBody(), StandardCharsets.ISO_8859_1)).append('\n');
            }
            all = bodies.toString();
            if (all.split(java.util.regex.Pattern.quote("chat " + marker), -1).length - 1 >= times) {
                return all;
            }
            Thread.sleep(100); // polling the collector, an outside process: nothing here to wait on instead
        }
        return all;
    }
}
