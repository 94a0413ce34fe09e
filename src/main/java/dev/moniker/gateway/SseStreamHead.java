package dev.moniker.gateway;

import dev.moniker.attempt.Answer;
import dev.moniker.attempt.StreamHead;
import dev.moniker.provider.UpstreamFailure;
import dev.moniker.provider.UpstreamReply;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;

/**
 * The head of a provider's event stream: waits for the first bytes the caller would receive, holding them back, so
 * the attempt loop can still fall back until then. Every chunk goes through the stream's {@link StreamTransform}
 * (pass-through or translation). An error status is read whole and returned as a complete reply, in the caller's
 * format, to classify or relay.
 */
final class SseStreamHead implements StreamHead {

    private final HttpClientResponse upstream;
    private final StreamTransform transform;
    private Buffer first;
    /** What arrived after the first chunk and before {@link #relay} (the pause takes effect between chunks). */
    private final List<Buffer> early = new ArrayList<>();
    private Throwable earlyFailure;
    private boolean endedEarly;
    private Handler<Buffer> chunks;
    private Handler<Throwable> failure;
    private Runnable end;

    private SseStreamHead(HttpClientResponse upstream, StreamTransform transform) {
        this.upstream = upstream;
        this.transform = transform;
    }

    /**
     * Reads a paused stream response up to the first bytes for the caller; cancelling resets the request.
     *
     * @param model      the provider model, for messages
     * @param transform  what the caller receives of the stream
     * @param errorReply turns a provider error answer into the caller's format
     */
    static Uni<Answer> open(HttpClientResponse upstream, String model, StreamTransform transform,
                            UnaryOperator<UpstreamReply> errorReply) {
        if (upstream.statusCode() < 200 || upstream.statusCode() >= 300) {
            return Uni.createFrom().<Answer>emitter(emitter -> {
                AtomicBoolean read = new AtomicBoolean();
                emitter.onTermination(() -> {
                    if (!read.get()) {
                        upstream.request().reset();
                    }
                });
                upstream.body().onComplete(body -> {
                    read.set(true);
                    emitter.complete(new Answer.Complete(errorReply.apply(UpstreamReply.of(upstream.statusCode(),
                            upstream.headers(), body.succeeded() ? body.result() : Buffer.buffer()))));
                });
                upstream.resume();
            });
        }
        SseStreamHead head = new SseStreamHead(upstream, transform);
        return Uni.createFrom().emitter(emitter -> {
            AtomicBoolean delivered = new AtomicBoolean();
            AtomicBoolean terminated = new AtomicBoolean();
            emitter.onTermination(() -> {
                terminated.set(true);
                if (!delivered.get()) {
                    upstream.request().reset();
                }
            });
            upstream.handler(raw -> {
                Buffer chunk = transform.onChunk(raw);
                if (head.first == null) {
                    if (chunk.length() == 0) {
                        return; // nothing for the caller yet (e.g. a translated ping): keep waiting
                    }
                    head.first = chunk;
                    upstream.pause();
                    if (terminated.get()) {
                        upstream.request().reset(); // too late: the attempt was cancelled meanwhile
                        return;
                    }
                    delivered.set(true);
                    emitter.complete(new Answer.Streaming(head));
                } else if (chunk.length() == 0) {
                    return;
                } else if (head.chunks != null) {
                    head.chunks.handle(chunk);
                } else {
                    head.early.add(chunk);
                }
            });
            upstream.exceptionHandler(error -> {
                if (head.first == null) {
                    emitter.fail(UpstreamFailure.classify(error, model));
                } else if (head.failure != null) {
                    head.failure.handle(error);
                } else {
                    head.earlyFailure = error;
                }
            });
            upstream.endHandler(ended -> {
                if (head.first == null) {
                    emitter.fail(new UpstreamFailure(UpstreamFailure.Kind.UNAVAILABLE,
                            "provider model " + model + " closed the stream before its first chunk", null));
                } else if (head.end != null) {
                    head.end.run();
                } else {
                    head.endedEarly = true;
                }
            });
            upstream.resume();
        });
    }

    @Override
    public String contentType() {
        return upstream.getHeader("content-type");
    }

    @Override
    public Buffer firstChunk() {
        return first;
    }

    @Override
    public void relay(Handler<Buffer> chunks, Handler<Throwable> failure, Runnable end) {
        early.forEach(chunks::handle);
        early.clear();
        this.chunks = chunks;
        this.failure = failure;
        this.end = end;
        if (earlyFailure != null) {
            failure.handle(earlyFailure);
        } else if (endedEarly) {
            end.run();
        }
    }

    @Override
    public Buffer ending() {
        return transform.ending();
    }

    @Override
    public Buffer failure(String message) {
        return transform.failure(message);
    }

    @Override
    public void pause() {
        upstream.pause();
    }

    @Override
    public void resume() {
        upstream.resume();
    }

    @Override
    public void cancel() {
        upstream.request().reset();
    }
}
