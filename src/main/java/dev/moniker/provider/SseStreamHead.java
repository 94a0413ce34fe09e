package dev.moniker.provider;

import dev.moniker.wire.UpstreamReply;
import dev.moniker.wire.sse.StreamTransform;
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
    /** The transform stopped the stream; what the provider does next no longer matters. */
    private boolean stopped;
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
            return errorAnswer(upstream, errorReply);
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
            upstream.handler(raw -> head.onChunk(raw, () -> {
                upstream.pause();
                if (terminated.get()) {
                    upstream.request().reset(); // too late: the attempt was cancelled meanwhile
                    return;
                }
                delivered.set(true);
                emitter.complete(new Answer.Streaming(head));
            }));
            upstream.exceptionHandler(error -> {
                if (head.stopped) {
                    return; // the reset below, after a stage stopped the stream
                }
                if (head.first == null) {
                    emitter.fail(UpstreamFailure.classify(error, model));
                } else if (head.failure != null) {
                    head.failure.handle(error);
                } else {
                    head.earlyFailure = error;
                }
            });
            upstream.endHandler(ended -> {
                if (head.stopped) {
                    return;
                }
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

    /** One provider chunk: held as the first one (then {@code firstArrived} runs), relayed, or kept until relaying. */
    private void onChunk(Buffer raw, Runnable firstArrived) {
        Buffer chunk = transform.onChunk(raw);
        if (chunk.length() == 0) {
            return; // nothing for the caller (e.g. a translated ping)
        }
        if (first == null) {
            first = chunk;
            firstArrived.run();
        } else if (chunks != null) {
            chunks.handle(chunk);
        } else {
            early.add(chunk);
        }
        if (transform.stopped() && !stopped) {
            // The caller's stream is complete (it ended with a stage's error event): end it, abandon the provider's.
            stopped = true;
            upstream.request().reset();
            if (end != null) {
                end.run();
            } else {
                endedEarly = true;
            }
        }
    }

    /** An error status: the whole body, as a complete answer in the caller's format, to classify or relay. */
    private static Uni<Answer> errorAnswer(HttpClientResponse upstream, UnaryOperator<UpstreamReply> errorReply) {
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
