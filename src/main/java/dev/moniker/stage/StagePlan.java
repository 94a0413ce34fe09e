package dev.moniker.stage;

import java.util.List;

/** The ordered stages of one alias, built once with the runtime snapshot. */
public final class StagePlan {

    public static final StagePlan NONE = new StagePlan(List.of());

    private final List<StageFactory> factories;

    public StagePlan(List<StageFactory> factories) {
        this.factories = List.copyOf(factories);
    }

    /** No stage: the request path keeps its byte path (no views, no parsing) and pays nothing. */
    public boolean isEmpty() {
        return factories.isEmpty();
    }

    /** One request's stages, in order. */
    public StageChain begin() {
        return isEmpty() ? StageChain.NONE : new StageChain(factories.stream().map(StageFactory::begin).toList());
    }

    /** One request's stages, then {@code own}: stages this request needs for itself (its key's usage meter). */
    public StageChain begin(java.util.List<Stage> own) {
        if (own.isEmpty()) {
            return begin();
        }
        java.util.List<Stage> stages = new java.util.ArrayList<>(factories.size() + own.size());
        factories.forEach(factory -> stages.add(factory.begin()));
        stages.addAll(own);
        return new StageChain(stages);
    }
}
