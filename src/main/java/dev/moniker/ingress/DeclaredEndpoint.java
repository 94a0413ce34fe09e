package dev.moniker.ingress;

import dev.moniker.wire.Operation;

/** An ingress format whose endpoint facts (name, operation, wording, replies, streaming) are one {@link Endpoint}. */
abstract class DeclaredEndpoint implements IngressFormat {

    private final Endpoint endpoint;

    DeclaredEndpoint(Endpoint endpoint) {
        this.endpoint = endpoint;
    }

    @Override
    public String api() {
        return endpoint.api();
    }

    @Override
    public Operation operation() {
        return endpoint.operation();
    }

    @Override
    public Wording wording() {
        return endpoint.wording();
    }

    @Override
    public boolean carriesReplies() {
        return endpoint.carriesReplies();
    }

    @Override
    public boolean streams() {
        return endpoint.streams();
    }
}
