package dev.moniker.translate;

import dev.moniker.wire.RequestDocument;
import dev.moniker.wire.UpstreamReply;
import dev.moniker.wire.openai.OpenAiStreams;
import dev.moniker.wire.sse.StreamTransform;
import io.vertx.core.buffer.Buffer;

import java.util.function.Supplier;

/**
 * Caller and target speak the same format: only {@code model} is rewritten (and stream usage asked for, see
 * {@link #askingStreamUsage}), answers and streams relayed as they are.
 */
final class PassThrough implements Translation {

    private final RequestDocument request;
    private final Supplier<StreamTransform> stream;
    private final boolean askUsage;

    PassThrough(RequestDocument request, Supplier<StreamTransform> stream) {
        this(request, stream, false);
    }

    private PassThrough(RequestDocument request, Supplier<StreamTransform> stream, boolean askUsage) {
        this.request = request;
        this.stream = stream;
        this.askUsage = askUsage;
    }

    /**
     * An OpenAI-format stream whose caller said nothing of stream options: the provider is asked to report usage
     * (so every stream is metered) and its usage event is kept from the caller, who gets the stream it asked for.
     */
    static Translation askingStreamUsage(RequestDocument request) {
        return request.stream() && !request.namesStreamOptions()
                ? new PassThrough(request, OpenAiStreams::passThroughHidingUsage, true)
                : new PassThrough(request, OpenAiStreams::passThrough);
    }

    @Override
    public Buffer request(String modelId) {
        return askUsage ? request.withModelAndStreamUsage(modelId) : request.withModel(modelId);
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
