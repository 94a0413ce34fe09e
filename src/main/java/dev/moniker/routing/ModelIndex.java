package dev.moniker.routing;

import dev.moniker.provider.Upstream;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the provider entry behind a model reference that is not an alias: an instance {@code name}, a
 * {@code provider/model}, a bare model name defined once, or a model of a {@code provider/*} wildcard.
 *
 * <p>Built once from the validated entries; used by the validator for alias targets and at request time, so both
 * agree on what a name means.
 */
public final class ModelIndex {

    /** Outcome of a lookup. Exactly one of {@code target} / {@code candidates} is meaningful. */
    public record Lookup(Optional<Target> target, List<String> ambiguousCandidates) {
        static Lookup found(Target target) {
            return new Lookup(Optional.of(target), List.of());
        }

        static Lookup notFound() {
            return new Lookup(Optional.empty(), List.of());
        }

        static Lookup ambiguous(List<String> candidates) {
            return new Lookup(Optional.empty(), List.copyOf(candidates));
        }

        public boolean isAmbiguous() {
            return !ambiguousCandidates.isEmpty();
        }
    }

    private final List<Upstream> upstreams;
    private final Map<String, Upstream> byName = new HashMap<>();
    private final Map<String, Upstream> byQualified = new HashMap<>();
    private final Map<String, List<Upstream>> byBareModel = new HashMap<>();
    private final Map<String, Upstream> wildcardByPrefix = new HashMap<>();

    public ModelIndex(List<Upstream> upstreams) {
        this.upstreams = List.copyOf(upstreams);
        for (Upstream upstream : upstreams) {
            upstream.name().ifPresent(name -> byName.putIfAbsent(name, upstream));
            if (upstream.isWildcard()) {
                wildcardByPrefix.putIfAbsent(upstream.providerPrefix(), upstream);
            } else {
                // The first entry of a provider/model wins; further ones are reachable by their instance name.
                byQualified.putIfAbsent(upstream.qualifiedModel(), upstream);
                byBareModel.computeIfAbsent(upstream.modelId(), k -> new ArrayList<>()).add(upstream);
            }
        }
    }

    public List<Upstream> upstreams() {
        return upstreams;
    }

    public Lookup find(String reference) {
        Upstream named = byName.get(reference);
        if (named != null && !named.isWildcard()) {
            return Lookup.found(new Target(named, named.modelId()));
        }
        Upstream qualified = byQualified.get(reference);
        if (qualified != null) {
            return Lookup.found(new Target(qualified, qualified.modelId()));
        }
        List<Upstream> bare = byBareModel.get(reference);
        if (bare != null) {
            List<String> providers = bare.stream().map(Upstream::providerPrefix).distinct().toList();
            if (providers.size() > 1) {
                return Lookup.ambiguous(bare.stream().map(Upstream::qualifiedModel).distinct().toList());
            }
            Upstream only = bare.get(0);
            return Lookup.found(new Target(only, only.modelId()));
        }
        int slash = reference.indexOf('/');
        if (slash > 0 && slash < reference.length() - 1) {
            Upstream wildcard = wildcardByPrefix.get(reference.substring(0, slash));
            if (wildcard != null) {
                return Lookup.found(new Target(wildcard, reference.substring(slash + 1)));
            }
        }
        return Lookup.notFound();
    }

    /** Every concrete (non-wildcard) model, in configuration order, once per {@code provider/model}. */
    public Map<String, Upstream> concreteModels() {
        Map<String, Upstream> models = new LinkedHashMap<>();
        for (Upstream upstream : upstreams) {
            if (!upstream.isWildcard()) {
                models.putIfAbsent(upstream.qualifiedModel(), upstream);
            }
        }
        return models;
    }
}
