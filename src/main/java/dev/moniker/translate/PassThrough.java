package dev.moniker.translate;

import dev.moniker.wire.RequestDocument;
import dev.moniker.wire.UpstreamReply;
import dev.moniker.wire.sse.StreamTransform;
import io.vertx.core.buffer.Buffer;

import java.util.function.Supplier;

/** Caller and target speak the same format: only {@code model} is rewritten, answers and streams relayed as they are. */
final class PassThrough implements Translation {

    private final RequestDocument request;
    private final Supplier<StreamTransform> stream;

    PassThrough(RequestDocument request, Supplier<StreamTransform> stream) {
        this.request = request;
        this.stream = stream;
    }

    @Override
    public Buffer request(String modelId) {
        return request.withModel(modelId);
    }

    @Override
    public UpstreamReply answer(UpstreamReply reply) {
        return reply;
    }

    @Override
    public UpstreamReply error(UpstreamReply reply) {
        return reply;
    }

    @Override
    public StreamTransform stream() {
        return stream.get();
    }
}
