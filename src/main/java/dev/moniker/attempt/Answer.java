package dev.moniker.attempt;

import dev.moniker.provider.UpstreamReply;

/** What a provider call produced: a complete answer (any status), or the head of a successful stream. */
public sealed interface Answer {

    record Complete(UpstreamReply reply) implements Answer {
    }

    record Streaming(StreamHead head) implements Answer {
    }
}
