package dev.moniker.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The gateway file exactly as an operator writes it (archgw / Plano format plus Moniker's routing keys).
 *
 * <p>This is raw, unvalidated data: {@link ConfigLoader} binds it from YAML through SmallRye Config at run time,
 * refusing unknown keys, and {@link ConfigValidator} turns it into the immutable routing table. Nothing on the
 * request path reads these interfaces.
 *
 * <p>The {@code prefix} below is never populated from Quarkus' own configuration: the mapping is bound with an
 * empty prefix to a private SmallRye Config built from the gateway file only. The annotation is there so that
 * Quarkus generates the mapping implementation at build time (no runtime class generation in a native image).
 */
@ConfigMapping(prefix = "moniker.gateway-file", namingStrategy = ConfigMapping.NamingStrategy.SNAKE_CASE)
public interface GatewayFile {

    /** {@code llm_providers}: the provider models the gateway may call. */
    Optional<List<ProviderEntry>> llmProviders();

    /** {@code model_providers}: the newer Plano name of {@code llm_providers}; both lists are merged. */
    Optional<List<ProviderEntry>> modelProviders();

    /** {@code model_aliases}: alias name to its routing. */
    Map<String, AliasEntry> modelAliases();

    /** Moniker extension: who may call the gateway, and which aliases each caller may use. */
    Optional<List<ClientKeyEntry>> clientKeys();

    /** Moniker extension: where limit counters live ({@code memory}, or {@code redis} shared by replicas). */
    Optional<LimitsStoreEntry> limitsStore();

    /** archgw/Plano's {@code state_storage}: where Responses API conversations are kept. */
    Optional<StateStorageEntry> stateStorage();

    /** archgw/Plano's {@code tracing}: read at start-up by {@link TracingSource}, checked here. */
    Optional<TracingEntry> tracing();

    /** Plano's {@code overrides}: the connect timeout is read at start-up by {@link ConnectTimeoutSource}. */
    Optional<OverridesEntry> overrides();

    interface OverridesEntry {
        Optional<String> upstreamConnectTimeout();
    }

    interface TracingEntry {
        /** An OTLP collector over gRPC, {@code http://host:4317}. */
        Optional<String> opentracingGrpcEndpoint();

        /** The percentage of new traces sampled, 0 to 100. */
        Optional<String> randomSampling();

        /** archgw's first format: the ratio of new traces sampled, 0 to 1. */
        Optional<String> samplingRate();
    }

    interface StateStorageEntry {
        /** {@code memory} or {@code postgres}. */
        Optional<String> type();

        /** {@code postgresql://user:password@host:port/database}; {@code $VAR} and {@code ${VAR}} substituted. */
        Optional<String> connectionString();
    }

    interface LimitsStoreEntry {
        /** {@code memory} (default) or {@code redis}. */
        Optional<String> type();

        /** {@code redis://[:password@]host:port[/db]}, or {@code $NAME}. */
        Optional<String> url();

        /** {@code allow} (default) or {@code deny}. */
        Optional<String> onStoreError();

        /** How long a counter call may take before it counts as a store error; default 250ms. */
        Optional<String> timeout();
    }

    /** archgw's token budgets per model and per value of a request header. */
    Optional<List<RateLimitEntry>> ratelimits();

    interface RateLimitEntry {
        Optional<String> model();

        Optional<SelectorEntry> selector();

        Optional<LimitEntry> limit();
    }

    /** {@code rate_limits: {selector: {http_header: {name, value}}, limit: {tokens, unit}}}. */
    interface ProviderRateLimits {
        Optional<HeaderSelector> selector();

        Optional<LimitEntry> limit();
    }

    interface HeaderSelector {
        Optional<HeaderEntry> httpHeader();
    }

    interface HeaderEntry {
        Optional<String> name();

        Optional<String> value();
    }

    interface SelectorEntry {
        /** The request header whose value selects the budget. */
        Optional<String> key();

        /** Only this value is limited; empty (or absent) means each value has its own budget. */
        Optional<String> value();
    }

    interface LimitEntry {
        Optional<Long> tokens();

        /** {@code second}, {@code minute}, {@code hour} or {@code day}. */
        Optional<String> unit();
    }

    /** archgw's named hosts; a legacy provider entry's {@code endpoint} may name one. */
    Map<String, EndpointEntry> endpoints();

    /** An {@code endpoints} entry: {@code host[:port]}, with {@code protocol} (default http). */
    interface EndpointEntry {
        Optional<String> endpoint();

        Optional<String> protocol();

        Optional<Integer> port();
    }

    interface ClientKeyEntry {
        Optional<String> name();

        /** The key itself, usually as {@code $VARIABLE}. */
        Optional<String> key();

        /** Or its SHA-256, in hex, so the file need not hold the key. */
        Optional<String> keySha256();

        Optional<List<String>> allowedAliases();

        /** Per-key limits ({@code requests_per_minute}, {@code tokens_per_minute}). */
        Map<String, String> limits();
    }

    /** archgw's listener-wide input guards. */
    Optional<PromptGuardsEntry> promptGuards();

    interface PromptGuardsEntry {
        Optional<InputGuardsEntry> inputGuards();
    }

    interface InputGuardsEntry {
        Optional<GuardEntry> jailbreak();
    }

    interface GuardEntry {
        Optional<OnExceptionEntry> onException();
    }

    interface OnExceptionEntry {
        Optional<String> message();

        Optional<Boolean> forwardToErrorTarget();

        Optional<String> errorHandler();
    }

    /** One entry of {@code llm_providers}. */
    interface ProviderEntry {
        /** {@code provider/model-id}, or {@code provider/*} for any model of that provider. */
        Optional<String> model();

        /** API key: {@code $NAME} or {@code ${NAME}} (environment variable) or a literal. */
        Optional<String> accessKey();

        /** {@code scheme://host[:port][/path]}; a path replaces the provider's default prefix. */
        Optional<String> baseUrl();

        /** Instance name, so the same model can be configured twice (e.g. two keys). */
        Optional<String> name();

        /** The model used when a request names none. */
        @WithName("default")
        Optional<Boolean> isDefault();

        /** Wire format of a provider not known by its prefix: {@code openai} or {@code anthropic}. */
        Optional<String> providerInterface();

        /** Extra headers sent upstream with every request to this provider. */
        Map<String, String> headers();

        /** Forward the client's {@code Authorization} header instead of {@code access_key}. */
        Optional<Boolean> passthroughAuth();

        /** Azure OpenAI {@code api-version} query parameter (Moniker extension). */
        Optional<String> apiVersion();

        /** This entry's models are embedding models (Moniker extension; well-known ids need not say so). */
        Optional<Boolean> embeddings();

        /** This OpenAI-compatible entry serves the Responses API itself (Moniker extension). */
        Optional<Boolean> responsesApi();

        /** What this entry's models cost, over the built-in list price (Moniker extension). */
        Optional<PricingEntry> pricing();

        /** This entry's own circuit breaker thresholds (Moniker extension). */
        Optional<BreakerEntry> circuitBreaker();

        /** archgw's older per-provider token budget, enforced as a {@code ratelimits} entry for this entry. */
        Optional<ProviderRateLimits> rateLimits();

        /** IAM credentials that sign requests to an {@code amazon_bedrock} entry (Moniker extension). */
        Optional<AwsCredentialsEntry> awsCredentials();

        /** archgw's older format: the provider's interface, with {@code model} a bare model id. */
        Optional<String> provider();

        /** archgw's older format: {@code host[:port]} or the name of an {@code endpoints} entry. */
        Optional<String> endpoint();

        /** archgw's older format: {@code http} (default) or {@code https}, with {@code endpoint}. */
        Optional<String> protocol();

        /** archgw's older format: the port of {@code endpoint}, when it does not say one. */
        Optional<Integer> port();

        /** archgw's older format: whether the entry streams; a request's own {@code stream} decides in Moniker. */
        Optional<Boolean> stream();
    }

    /** {@code pricing}: USD per million tokens, and the model's output limit. */
    interface PricingEntry {
        Optional<Double> inputPerMillion();

        Optional<Double> outputPerMillion();

        Optional<Long> maxOutputTokens();
    }

    /** One entry of {@code model_aliases}. */
    interface AliasEntry {
        /** A single target: a provider model (with or without prefix), an instance name or another alias. */
        Optional<String> target();

        /** Several targets: a weighted traffic split, or the endpoints of a load-balanced pool. */
        Optional<List<TargetEntry>> targets();

        /** Ordered fallback chain, tried when the chosen target fails. */
        Optional<List<FallbackEntry>> fallbacks();

        /** Selects load balancing across {@code targets} instead of a weighted split. */
        Optional<LoadBalanceEntry> loadBalance();

        /** Limits applied to every request through this alias. */
        Optional<GuardrailsEntry> guardrails();

        /** Moniker extension: keep one caller on one split arm, keyed by this source. */
        Optional<String> stickyBy();

        /** Moniker extension, on a split: roll a bad minority arm back by itself. */
        Optional<CanaryEntry> canary();
    }

    /** One entry of an alias's {@code targets}. */
    interface TargetEntry {
        Optional<String> model();

        Optional<Integer> weight();

        /** Base URL of one instance of the model's provider (load balancing). */
        Optional<String> endpoint();
    }

    /** One entry of an alias's {@code fallbacks}. */
    interface FallbackEntry {
        Optional<String> target();

        /** Failure conditions that let this step run; omitted means the default set. */
        Optional<List<String>> conditions();
    }

    interface CanaryEntry {
        /** {@code 5%} or {@code 0.05}. */
        Optional<String> maxErrorRate();

        Optional<String> maxLatencyP95();

        Optional<String> window();

        Optional<Integer> minRequests();

        Optional<String> hold();
    }

    interface LoadBalanceEntry {
        /** {@code round_robin}, {@code least_connections}, {@code weighted} or {@code latency}. */
        Optional<String> algorithm();

        /** The pool endpoints' circuit breaker thresholds (Moniker extension). */
        Optional<BreakerEntry> circuitBreaker();
    }

    /** {@code aws_credentials}: an IAM access key (each value may be {@code $ENV_VAR}) and the region. */
    interface AwsCredentialsEntry {
        Optional<String> accessKeyId();

        Optional<String> secretAccessKey();

        Optional<String> sessionToken();

        Optional<String> region();
    }

    interface BreakerEntry {
        Optional<Integer> requestVolume();

        Optional<Double> failureRatio();

        Optional<String> delay();
    }

    interface GuardrailsEntry {
        /** Per-attempt deadline: {@code 500ms}, {@code 5s}, {@code 1m}. */
        Optional<String> maxLatency();

        Optional<Double> maxCostPerRequest();

        Optional<List<String>> blockCategories();

        Optional<List<ContentFilterEntry>> contentFilters();
    }

    interface ContentFilterEntry {
        Optional<String> type();

        /** Moniker extension: {@code mask}, {@code redact} or {@code block}; the type's own default otherwise. */
        Optional<String> action();

        /** Moniker extension: {@code input}, {@code output} or {@code both} (the default). */
        Optional<String> applyTo();
    }
}
