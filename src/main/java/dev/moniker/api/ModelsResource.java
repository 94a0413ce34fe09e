package dev.moniker.api;

import dev.moniker.access.ClientKey;
import dev.moniker.ingress.ClientCredentials;
import dev.moniker.wire.GatewayError;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.moniker.runtime.GatewayRuntime;
import dev.moniker.wire.openai.OpenAiErrors;
import dev.moniker.provider.ModelListing;
import dev.moniker.provider.Upstream;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import dev.moniker.routing.Plan;
import dev.moniker.routing.Route;
import dev.moniker.routing.RoutingTable;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestResponse;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /v1/models} and {@code GET /v1/models/{id}} in OpenAI's list format: every alias and every configured
 * provider model, and the models providers list behind {@code provider/*} entries (asked with their typed REST
 * clients, kept for {@code moniker.models.list-ttl}).
 */
@Path("/v1/models")
@Produces(MediaType.APPLICATION_JSON)
public class ModelsResource {

    private final GatewayRuntime runtime;
    private final ObjectMapper mapper;
    private final ModelListing wildcards;
    private final long created = System.currentTimeMillis() / 1000;

    ModelsResource(GatewayRuntime runtime, ObjectMapper mapper,
                   @ConfigProperty(name = "moniker.models.list-timeout", defaultValue = "3s") Duration listTimeout,
                   @ConfigProperty(name = "moniker.models.list-ttl", defaultValue = "5m") Duration listTtl,
                   @ConfigProperty(name = "moniker.anthropic.version", defaultValue = "2023-06-01") String anthropicVersion) {
        this.runtime = runtime;
        this.mapper = mapper;
        this.wildcards = new ModelListing(listTimeout, listTtl, anthropicVersion, java.time.Clock.systemUTC());
    }

    /** The models asked of {@code provider/*} entries' providers (a test seam: {@link ModelListing#clear}). */
    ModelListing wildcards() {
        return wildcards;
    }

    /**
     * The current snapshot's aliases, then its provider models, then the models behind {@code provider/*} wildcard
     * entries as their providers list them ({@code groq/llama-3.1-8b-instant}); with {@code client_keys}, only what
     * the caller's key may use (and a 401 without a known key).
     */
    @GET
    public Uni<RestResponse<String>> list(@HeaderParam("Authorization") String authorization) {
        ClientCredentials.KeyHolder caller = new ClientCredentials.KeyHolder();
        Optional<GatewayError> refused = ClientCredentials.authenticate(runtime.current().clientKeys(),
                ClientCredentials.bearer(authorization), caller);
        if (refused.isPresent()) {
            return Uni.createFrom().item(error(refused.get()));
        }
        ClientKey key = caller.key();
        RoutingTable routes = runtime.current().table();
        ObjectNode root = mapper.createObjectNode();
        root.put("object", "list");
        ArrayNode data = root.putArray("data");
        for (Plan alias : routes.aliases().values().stream()
                .sorted(java.util.Comparator.comparing(Plan::name)).toList()) {
            if (key == null || key.allows(alias.name())) {
                data.add(aliasModel(alias));
            }
        }
        for (Map.Entry<String, Upstream> model : routes.models().concreteModels().entrySet()) {
            if (key == null || key.allows(model.getKey())) {
                data.add(providerModel(model.getKey(), model.getValue(), model.getValue().modelId()));
            }
        }
        List<Upstream> wildcardEntries = routes.upstreams().stream().filter(Upstream::isWildcard).toList();
        if (wildcardEntries.isEmpty()) {
            return Uni.createFrom().item(RestResponse.ok(root.toString()));
        }
        List<Uni<List<String>>> asked = wildcardEntries.stream().map(wildcards::models).toList();
        return Uni.join().all(asked).andFailFast().map(lists -> {
            java.util.Set<String> listed = new java.util.HashSet<>();
            data.forEach(model -> listed.add(model.path("id").asText()));
            for (int i = 0; i < lists.size(); i++) {
                Upstream entry = wildcardEntries.get(i);
                for (String modelId : lists.get(i)) {
                    String id = entry.displayName(modelId);
                    if ((key == null || key.allows(id)) && listed.add(id)) {
                        data.add(providerModel(id, entry, modelId));
                    }
                }
            }
            return RestResponse.ok(root.toString());
        });
    }

    private static RestResponse<String> error(GatewayError error) {
        return RestResponse.ResponseBuilder.<String>create(error.status())
                .entity(OpenAiErrors.envelope(error).toString()).type(MediaType.APPLICATION_JSON_TYPE).build();
    }

    @GET
    @Path("{id: .+}")
    public RestResponse<String> get(@PathParam("id") String id, @HeaderParam("Authorization") String authorization) {
        ClientCredentials.KeyHolder caller = new ClientCredentials.KeyHolder();
        Optional<GatewayError> refused = ClientCredentials.authenticate(runtime.current().clientKeys(),
                ClientCredentials.bearer(authorization), caller);
        if (refused.isPresent()) {
            return error(refused.get());
        }
        if (caller.key() != null && !caller.key().allows(id)) {
            return error(GatewayError.modelNotFound(id)); // a key does not learn what it may not use
        }
        RoutingTable routes = runtime.current().table();
        if (routes.aliases().containsKey(id)) {
            return RestResponse.ok(aliasModel(routes.aliases().get(id)).toString());
        }
        var resolution = routes.resolve(id);
        if (resolution.route().isPresent()) {
            Route route = resolution.route().get();
            return RestResponse.ok(providerModel(id, route.target().upstream(), route.target().modelId()).toString());
        }
        return error(GatewayError.modelNotFound(id));
    }

    private ObjectNode aliasModel(Plan alias) {
        ObjectNode model = mapper.createObjectNode();
        model.put("id", alias.name());
        model.put("object", "model");
        model.put("created", created);
        model.put("owned_by", "moniker");
        endpoints(model, alias.targets());
        return model;
    }

    private ObjectNode providerModel(String id, Upstream upstream, String modelId) {
        ObjectNode model = mapper.createObjectNode();
        model.put("id", id);
        model.put("object", "model");
        model.put("created", created);
        model.put("owned_by", upstream.providerPrefix());
        endpoints(model, java.util.List.of(new dev.moniker.routing.Target(upstream, modelId)));
        return model;
    }

    /**
     * {@code endpoints}: the paths this model can be called on (a Moniker addition to OpenAI's model object):
     * embeddings for embedding models; for the others chat, messages, responses and token counting, and legacy
     * completions when every target is OpenAI-format.
     */
    private static void endpoints(ObjectNode model, java.util.List<dev.moniker.routing.Target> targets) {
        ArrayNode endpoints = model.putArray("endpoints");
        if (targets.stream().anyMatch(t -> t.upstream().isEmbeddingModel(t.modelId()))) {
            endpoints.add("/v1/embeddings");
            return;
        }
        endpoints.add("/v1/chat/completions").add("/v1/messages").add("/v1/responses")
                .add("/v1/messages/count_tokens");
        if (targets.stream().allMatch(t -> t.upstream().kind().speaksOpenAi())) {
            endpoints.add("/v1/completions");
        }
    }
}
