package dev.moniker.config;


import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Turns OpenTelemetry tracing on only when there is somewhere to send traces: an OTLP endpoint named by
 * {@code MONIKER_TRACING_ENDPOINT}, by Quarkus's own {@code QUARKUS_OTEL_EXPORTER_OTLP_[TRACES_]ENDPOINT}, or by
 * archgw's {@code tracing.opentracing_grpc_endpoint} in the gateway file (with {@code tracing.random_sampling}, a
 * percentage, or the first format's {@code tracing.sampling_rate}, a ratio, as the sampling ratio). Without one
 * the SDK stays disabled ({@code quarkus.otel.sdk.disabled}), and
 * nothing tries to reach a collector that is not there. Like {@link ListenerPortSource}, its ordinal (255) sits
 * above {@code application.properties} and below environment variables and system properties, which still win.
 * Read once at start-up: a reload does not change tracing.
 */
public final class TracingSource extends GatewayFileSource {

    static final String DISABLED = "quarkus.otel.sdk.disabled";
    static final String ENDPOINT = "quarkus.otel.exporter.otlp.traces.endpoint";
    static final String RATIO = "quarkus.otel.traces.sampler.arg";

    @Override
    public String getName() {
        return "the gateway's tracing settings";
    }

    @Override
    Map<String, String> compute() {
        return settings(System.getenv(), System.getProperties()::getProperty);
    }

    /** What the environment, the system properties and the gateway file say of tracing. */
    static Map<String, String> settings(Map<String, String> environment,
                                        java.util.function.UnaryOperator<String> systemProperties) {
        Map<String, String> file = GatewayFileProperties.of(systemProperties.apply("moniker.config") != null
                ? systemProperties.apply("moniker.config") : environment.get(ConfigLoader.LOCATION_VARIABLE));
        String own = first(systemProperties.apply("moniker.tracing.endpoint"), environment.get("MONIKER_TRACING_ENDPOINT"));
        String endpoint = first(own, file.get("tracing.opentracing_grpc_endpoint"));
        boolean quarkusEndpoint = first(systemProperties.apply(ENDPOINT),
                systemProperties.apply("quarkus.otel.exporter.otlp.endpoint"),
                environment.get("QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"),
                environment.get("QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT")) != null;
        Map<String, String> settings = new HashMap<>();
        settings.put(DISABLED, Boolean.toString(endpoint == null && !quarkusEndpoint));
        if (endpoint != null) {
            settings.put(ENDPOINT, endpoint);
        }
        if (own == null) {
            ratio(file.get("tracing.random_sampling"), 100).or(() -> ratio(file.get("tracing.sampling_rate"), 1))
                    .ifPresent(ratio -> settings.put(RATIO, ratio));
        }
        return Map.copyOf(settings);
    }

    /** {@code value} out of {@code whole} as a ratio; nothing when absent or not a number (the validator says so). */
    private static java.util.Optional<String> ratio(String value, double whole) {
        if (value == null) {
            return java.util.Optional.empty();
        }
        try {
            double ratio = Math.max(0, Math.min(1, Double.parseDouble(value.trim()) / whole));
            return java.util.Optional.of(String.format(Locale.ROOT, "%.4f", ratio));
        } catch (NumberFormatException e) {
            return java.util.Optional.empty();
        }
    }

    private static String first(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value.trim();
            }
        }
        return null;
    }
}
