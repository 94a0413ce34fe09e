package dev.moniker.routing;

import dev.moniker.provider.Upstream;

/**
 * A concrete model at a concrete upstream: what one attempt calls.
 *
 * @param upstream the provider entry
 * @param modelId  the model id sent upstream (for a wildcard entry, the one the caller asked for)
 */
public record Target(Upstream upstream, String modelId) {

    /** {@code provider/model} that serves, as reported to clients in {@code x-moniker-model} and metrics. */
    public String displayName() {
        return upstream.displayName(modelId);
    }
}
