package dev.moniker.runtime;

import dev.moniker.cost.TokenEstimator;
import dev.moniker.translate.TokenCounter;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

import java.util.List;

/**
 * Token counts with the shared {@link TokenEstimator}. Its encoding takes about 0.3 s to load, so the first count
 * loads it on a worker thread and comes back to the caller's event loop; every later count runs in place.
 */
final class LocalTokenCounter implements TokenCounter {

    @Override
    public Uni<Long> count(List<String> texts, String modelId) {
        if (TokenEstimator.sharedLoaded()) {
            return Uni.createFrom().item(() -> TokenEstimator.shared().estimate(texts, modelId));
        }
        Context caller = Vertx.currentContext();
        Uni<Long> loaded = Uni.createFrom().item(() -> TokenEstimator.shared().estimate(texts, modelId))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
        return caller == null ? loaded : loaded.emitOn(task -> caller.runOnContext(ignored -> task.run()));
    }
}
