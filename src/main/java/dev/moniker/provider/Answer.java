package dev.moniker.provider;

import dev.moniker.wire.UpstreamReply;

/** What a provider call produced: a complete answer (any status), or the head of a successful stream. */
public sealed interface Answer {

    record Complete(UpstreamReply reply) implements Answer {
    }

    record Streaming(StreamHead head) implements Answer {
    }
}
