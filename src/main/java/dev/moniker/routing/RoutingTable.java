package dev.moniker.routing;

import dev.moniker.provider.Upstream;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The immutable routing data built once from the gateway file: aliases and provider models.
 *
 * <p>Resolution order for a requested {@code model}: alias (chains already followed at start-up), instance
 * {@code name}, {@code provider/model}, a bare model name defined once, a {@code provider/*} wildcard; no model
 * means the {@code default} entry.
 */
public final class RoutingTable {

    /** Why a model could not be resolved. */
    public enum Miss { NOT_FOUND, AMBIGUOUS, NO_DEFAULT }

    /** A resolution: a route, or the reason there is none. */
    public record Resolution(Optional<Route> route, Miss miss, List<String> candidates) {
        static Resolution of(Route route) {
            return new Resolution(Optional.of(route), null, List.of());
        }

        static Resolution miss(Miss miss, List<String> candidates) {
            return new Resolution(Optional.empty(), miss, candidates);
        }
    }

    private final Map<String, AliasRoute> aliases;
    private final ModelIndex models;
    private final Optional<Upstream> defaultUpstream;

    public RoutingTable(Map<String, AliasRoute> aliases, ModelIndex models) {
        this.aliases = Map.copyOf(aliases);
        this.models = models;
        this.defaultUpstream = models.upstreams().stream().filter(Upstream::isDefault).findFirst();
    }

    public Resolution resolve(String requested) {
        if (requested == null) {
            return defaultUpstream
                    .map(u -> Resolution.of(new Route(null, Optional.empty(), new Target(u, u.modelId()))))
                    .orElseGet(() -> Resolution.miss(Miss.NO_DEFAULT, List.of()));
        }
        AliasRoute alias = aliases.get(requested);
        if (alias != null) {
            return Resolution.of(new Route(requested, Optional.of(alias.name()), alias.target()));
        }
        ModelIndex.Lookup lookup = models.find(requested);
        if (lookup.target().isPresent()) {
            return Resolution.of(new Route(requested, Optional.empty(), lookup.target().get()));
        }
        return lookup.isAmbiguous()
                ? Resolution.miss(Miss.AMBIGUOUS, lookup.ambiguousCandidates())
                : Resolution.miss(Miss.NOT_FOUND, List.of());
    }

    public Map<String, AliasRoute> aliases() {
        return aliases;
    }

    public ModelIndex models() {
        return models;
    }

    public List<Upstream> upstreams() {
        return models.upstreams();
    }
}
