package dev.moniker.ingress;

import dev.moniker.wire.view.Usage;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;

/**
 * The OpenTelemetry GenAI client metrics, in Prometheus form: {@code gen_ai_client_operation_duration_seconds}
 * (whole request, answer or stream) and {@code gen_ai_server_time_to_first_token_seconds} (streams), with the
 * conventions' bucket boundaries and attributes: {@code gen_ai_operation_name} ({@code chat},
 * {@code embeddings}, {@code text_completion}; {@code count_tokens} for token counts, which the conventions do not
 * name),
 * {@code gen_ai_provider_name}, {@code gen_ai_request_model} (what the client asked for: the alias),
 * {@code gen_ai_response_model} (what served), {@code error_type} (the HTTP status of a failed request, else none);
 * and {@code gen_ai_client_token_usage} ({@code gen_ai_token_type} input or output) from the provider's usage.
 * Label values come from the configuration, never from client input (an unknown model is refused before this).
 */
final class GenAiMetrics {

    private static final Duration[] DURATION_BUCKETS = seconds(0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56,
            5.12, 10.24, 20.48, 40.96, 81.92);
    private static final Duration[] TTFT_BUCKETS = seconds(0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5,
            0.75, 1.0, 2.5, 5.0, 7.5, 10.0);

    /** The conventions' token-usage boundaries: powers of four from 1 to 4^13. */
    private static final double[] TOKEN_BUCKETS = {1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576,
            4194304, 16777216, 67108864};

    private final MeterRegistry registry;

    GenAiMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void operation(String operation, String provider, String requestModel, String responseModel, int status,
                   long nanos) {
        timer("gen_ai.client.operation.duration", DURATION_BUCKETS, tags(operation, provider, requestModel,
                responseModel)
                .and("error_type", status >= 400 ? Integer.toString(status) : "none"))
                .record(Duration.ofNanos(nanos));
    }

    void firstToken(String operation, String provider, String requestModel, String responseModel, long nanos) {
        timer("gen_ai.server.time_to_first_token", TTFT_BUCKETS, tags(operation, provider, requestModel, responseModel))
                .record(Duration.ofNanos(nanos));
    }

    /** {@code gen_ai_client_token_usage}: one observation per token type the provider reported. */
    void tokens(String operation, String provider, String requestModel, String responseModel, Usage usage) {
        Tags tags = tags(operation, provider, requestModel, responseModel);
        if (usage.inputTokens() >= 0) {
            tokenUsage(tags.and("gen_ai_token_type", "input")).record(usage.inputTokens());
        }
        if (usage.outputTokens() >= 0) {
            tokenUsage(tags.and("gen_ai_token_type", "output")).record(usage.outputTokens());
        }
    }

    private DistributionSummary tokenUsage(Tags tags) {
        return DistributionSummary.builder("gen_ai.client.token.usage").tags(tags)
                .description("Tokens used per operation, as the provider reported them")
                .serviceLevelObjectives(TOKEN_BUCKETS).register(registry);
    }

    private static Tags tags(String operation, String provider, String requestModel, String responseModel) {
        return Tags.of("gen_ai_operation_name", operation, "gen_ai_provider_name", provider,
                "gen_ai_request_model", requestModel, "gen_ai_response_model", responseModel);
    }

    private Timer timer(String name, Duration[] buckets, Tags tags) {
        return Timer.builder(name).tags(tags).serviceLevelObjectives(buckets).register(registry);
    }

    private static Duration[] seconds(double... boundaries) {
        Duration[] buckets = new Duration[boundaries.length];
        for (int i = 0; i < boundaries.length; i++) {
            buckets[i] = Duration.ofNanos((long) (boundaries[i] * 1e9));
        }
        return buckets;
    }
}
