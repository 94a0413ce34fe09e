package dev.moniker.stage;

import dev.moniker.wire.GatewayError;

/** What a request stage does instead of letting the request go on to a model. */
public sealed interface Intervention {

    /** Refuse the request with this error, in the caller's envelope. */
    record Refuse(GatewayError error) implements Intervention {
    }

    /**
     * Answer the caller with this text as the assistant's message (a complete answer, or a stream when the request
     * streams), without a provider call: what archgw's {@code prompt_guards ... on_exception.message} does.
     */
    record Reply(String text) implements Intervention {
    }
}
