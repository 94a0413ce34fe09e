package dev.moniker.provider;

import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.client.ClientRequestFilter;
import org.jboss.logging.Logger;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The models behind {@code provider/*} wildcard entries, asked of each provider with its typed REST client
 * ({@link OpenAiRestApi#models}, {@link AnthropicRestApi#models}), for {@code GET /v1/models}: off the request
 * path, where the typing pays and the client's cost does not matter. Each entry's list is kept for {@code ttl};
 * a provider that is down or slower than {@code timeout} never fails the listing: the last list it gave is used
 * (or none), and the failure is logged once per refresh.
 */
public final class ModelListing {

    private static final Logger LOG = Logger.getLogger(ModelListing.class);

    private record Cached(List<String> ids, Instant at) {
    }

    private final Duration timeout;
    private final Duration ttl;
    private final String anthropicVersion;
    private final Clock clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    /** One typed client per entry, built on first use and kept (each holds a connection pool). */
    private final Map<String, java.util.function.Supplier<Uni<ModelList>>> clients = new ConcurrentHashMap<>();

    public ModelListing(Duration timeout, Duration ttl, String anthropicVersion, Clock clock) {
        this.timeout = timeout;
        this.ttl = ttl;
        this.anthropicVersion = anthropicVersion;
        this.clock = clock;
    }

    /** The model ids the wildcard entry's provider lists (without its prefix); empty when it cannot say. */
    public Uni<List<String>> models(Upstream wildcard) {
        String name = wildcard.stableName();
        Cached known = cache.get(name);
        if (known != null && known.at().plus(ttl).isAfter(clock.instant())) {
            return Uni.createFrom().item(known.ids());
        }
        return clients.computeIfAbsent(name, n -> client(wildcard)).get()
                .ifNoItem().after(timeout).fail()
                .map(list -> {
                    List<String> ids = list == null || list.data() == null ? List.of() : list.data().stream()
                            .map(ModelList.Entry::id).filter(Objects::nonNull).sorted().toList();
                    cache.put(name, new Cached(ids, clock.instant()));
                    return ids;
                })
                .onFailure().recoverWithItem(error -> {
                    LOG.warnf("listing the models of %s failed (%s); /v1/models goes on without them",
                            wildcard.qualifiedModel(), UpstreamFailure.describe(error, wildcard.qualifiedModel()));
                    return known == null ? List.of() : known.ids();
                });
    }

    /** Forgets every list (a test seam). */
    public void clear() {
        cache.clear();
    }

    private java.util.function.Supplier<Uni<ModelList>> client(Upstream wildcard) {
        Map<String, String> headers = ProviderHeaders.of(wildcard, anthropicVersion);
        QuarkusRestClientBuilder builder = QuarkusRestClientBuilder.newBuilder()
                .baseUri(URI.create(wildcard.endpoint().toString()))
                .connectTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .register((ClientRequestFilter) request -> headers.forEach(request.getHeaders()::putSingle));
        return switch (wildcard.kind().wireFormat()) {
            case OPENAI -> {
                OpenAiRestApi api = builder.build(OpenAiRestApi.class);
                yield api::models;
            }
            case ANTHROPIC -> {
                AnthropicRestApi api = builder.build(AnthropicRestApi.class);
                yield () -> api.models(1000);
            }
            // Bedrock lists its models on its control-plane API, not bedrock-runtime: nothing to ask here.
            case BEDROCK -> () -> Uni.createFrom().item(new ModelList(List.of()));
        };
    }
}
