package dev.moniker.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Tracing is on only with an endpoint; archgw's tracing section maps to it and is validated like every key. */
class TracingConfigTest {

    private static final String PROVIDERS = """
            llm_providers:
              - model: openai/gpt-4o-mini
                access_key: sk-test
            """;

    @TempDir
    Path dir;

    private Path file(String yaml) throws IOException {
        Path file = dir.resolve("moniker.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    private Map<String, String> settings(Map<String, String> environment) {
        return TracingSource.settings(environment, name -> null);
    }

    @Test
    void offWithoutAnEndpoint() throws IOException {
        assertEquals(Map.of(TracingSource.DISABLED, "true"), settings(Map.of()));
        assertEquals(Map.of(TracingSource.DISABLED, "true"),
                settings(Map.of("MONIKER_CONFIG", file(PROVIDERS).toString())));
    }

    @Test
    void archgwsEndpointAndSamplingPercentageTurnItOn() throws IOException {
        Path file = file(PROVIDERS + """
                tracing:
                  random_sampling: 25
                  opentracing_grpc_endpoint: http://otel-collector:4317
                """);
        assertEquals(Map.of(TracingSource.DISABLED, "false", TracingSource.ENDPOINT, "http://otel-collector:4317",
                TracingSource.RATIO, "0.2500"), settings(Map.of("MONIKER_CONFIG", file.toString())));
    }

    @Test
    void theEnvironmentWinsOverTheFile() throws IOException {
        Path file = file(PROVIDERS + "tracing:\n  random_sampling: 10\n  opentracing_grpc_endpoint: http://a:4317\n");
        assertEquals(Map.of(TracingSource.DISABLED, "false", TracingSource.ENDPOINT, "http://b:4317"),
                settings(Map.of("MONIKER_CONFIG", file.toString(), "MONIKER_TRACING_ENDPOINT", "http://b:4317")));
        assertEquals(Map.of(TracingSource.DISABLED, "false"),
                settings(Map.of("QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT", "http://c:4317")),
                "Quarkus's own endpoint setting turns tracing on and is left to Quarkus");
    }

    @Test
    void archgwsFirstFormatsSamplingRateIsARatio() throws IOException {
        Path file = file(PROVIDERS + "tracing:\n  sampling_rate: 0.1\n  opentracing_grpc_endpoint: http://c:4317\n");
        assertEquals("0.1000", settings(Map.of("MONIKER_CONFIG", file.toString())).get(TracingSource.RATIO));
    }

    @Test
    void aBadTracingSectionIsRefusedNamingTheKey() throws IOException {
        assertEquals(List.of("tracing.exporter: unknown key 'exporter' (did you mean 'exporters'?)"),
                problems("tracing:\n  exporter: x\n"));
        assertEquals(List.of("tracing.random_sampling: 'lots' is not a number (a percentage from 0 to 100)",
                "tracing.sampling_rate: 10 is not a ratio from 0 to 1",
                "tracing.opentracing_grpc_endpoint: 'otel-collector:4317' is not an http:// or https:// URL (an OTLP "
                        + "collector over gRPC, for example http://otel-collector:4317)"),
                problems("tracing:\n  random_sampling: lots\n  sampling_rate: 10\n"
                        + "  opentracing_grpc_endpoint: otel-collector:4317\n"));
    }

    private List<String> problems(String tracing) throws IOException {
        Path file = file(PROVIDERS + tracing);
        return assertThrows(InvalidConfigException.class,
                () -> ConfigLoader.load(ConfigLoader.fileOrigin(file, file.toString()), Map.of())).problems();
    }
}
