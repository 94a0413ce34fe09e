package dev.moniker.ingress;

import dev.moniker.routing.Plan;
import dev.moniker.routing.Target;
import dev.moniker.wire.GatewayError;
import dev.moniker.wire.Operation;

import java.util.Optional;

/**
 * Embedding models serve embeddings only, and only embedding models serve them: a request that asks the wrong
 * kind of model is refused before any call, naming the model it resolved to, instead of reaching a provider that
 * would answer with an obscure error (or, for a chat model asked for embeddings, with nothing useful).
 */
final class ModelKinds {

    private ModelKinds() {
    }

    static Optional<GatewayError> mismatch(IngressFormat format, Plan plan, String requested) {
        boolean wantsEmbeddings = format.operation() == Operation.EMBEDDINGS;
        for (Target target : plan.targets()) {
            boolean embedding = target.upstream().isEmbeddingModel(target.modelId());
            if (embedding != wantsEmbeddings) {
                String asked = requested == null ? "the default model" : "'" + requested + "'";
                return Optional.of(GatewayError.invalidRequest("model", wantsEmbeddings
                        ? "The model " + asked + " is not an embedding model (it resolves to " + target.displayName()
                        + "); use an alias whose models are embedding models, or declare the entry with "
                        + "embeddings: true"
                        : "The model " + asked + " is an embedding model (it resolves to " + target.displayName()
                        + "); call it through /v1/embeddings"));
            }
        }
        return Optional.empty();
    }
}
