package dev.moniker.routing;

import dev.moniker.provider.Upstream;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

    private final Map<String, Plan> aliases;
    private final Map<String, String> leftOut;
    private final ModelIndex models;
    private final Optional<Upstream> defaultUpstream;
    private final List<Upstream> clientUpstreams;

    public RoutingTable(Map<String, Plan> aliases, ModelIndex models) {
        this(aliases, models, Map.of());
    }

    /** @param leftOut aliases of the configuration that could not be built, and why (the embedded default's) */
    public RoutingTable(Map<String, Plan> aliases, ModelIndex models, Map<String, String> leftOut) {
        this.leftOut = Map.copyOf(leftOut);
        this.aliases = Map.copyOf(aliases);
        this.models = models;
        this.defaultUpstream = models.upstreams().stream().filter(Upstream::isDefault).findFirst();
        Set<Upstream> all = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Upstream> ordered = new ArrayList<>(models.upstreams());
        all.addAll(ordered);
        for (Plan alias : this.aliases.values()) {
            for (FallbackStep step : alias.steps()) {
                for (Target target : step.selector().targets()) {
                    if (all.add(target.upstream())) {
                        ordered.add(target.upstream()); // a load-balanced endpoint's derived entry
                    }
                }
            }
        }
        this.clientUpstreams = List.copyOf(ordered);
    }

    /** Plan name (and metrics {@code alias} tag) of a request that named a provider model, not an alias. */
    public static final String NO_ALIAS = "-";

    /**
     * The attempt plan of a resolved route: the alias's plan, or a single attempt at the model the client named.
     */
    public Plan plan(Route route) {
        return route.alias().map(aliases::get).orElseGet(() -> new Plan(NO_ALIAS, route.target()));
    }

    /** Every provider entry a client is built for: the configured ones and each load-balanced endpoint. */
    public List<Upstream> clientUpstreams() {
        return clientUpstreams;
    }

    public Resolution resolve(String requested) {
        if (requested == null) {
            return defaultUpstream
                    .map(u -> Resolution.of(new Route(null, Optional.empty(), new Target(u, u.modelId()))))
                    .orElseGet(() -> Resolution.miss(Miss.NO_DEFAULT, List.of()));
        }
        Plan alias = aliases.get(requested);
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

    /** Why an alias of the configuration is not served, if it was left out (e.g. its key variable is unset). */
    public Optional<String> whyLeftOut(String alias) {
        return Optional.ofNullable(alias == null ? null : leftOut.get(alias));
    }

    public Map<String, Plan> aliases() {
        return aliases;
    }

    public ModelIndex models() {
        return models;
    }

    public List<Upstream> upstreams() {
        return models.upstreams();
    }
}
