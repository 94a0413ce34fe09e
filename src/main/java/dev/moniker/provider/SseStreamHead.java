package dev.moniker.provider;

import dev.moniker.wire.UpstreamReply;
import dev.moniker.wire.sse.StreamTransform;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;

/**
 * The head of a provider's event stream: waits for the first bytes the caller would receive, holding them back, so
 * the attempt loop can still fall back until then. Every chunk goes through the stream's {@link StreamTransform}
 * (pass-through or translation). An error status is read whole and returned as a complete reply, in the caller's
 * format, to classify or relay.
 *
 * <p>A provider that goes silent fails the stream as a timeout (Vert.x stops the request's idle timeout once the
 * head arrived, so nothing else would): until its first byte after the head for the read timeout (a reasoning model
 * may think long before its first token), then for the stall timeout between bytes. Before the first chunk the
 * attempt loop may still fall back; after it the caller's stream ends with an error event, after every byte
 * received. Silence while the gateway itself paused reading (a slow caller) does not count.
 */
final class SseStreamHead implements StreamHead {

    /**
     * The silence bounds and the Vert.x instance whose timers enforce them.
     *
     * @param firstByte until the provider's first byte after the head (a reasoning model may think for minutes
     *                  before its first token): the read timeout
     * @param timeout   between bytes after that: the stall timeout
     */
    record Stall(Vertx vertx, Duration firstByte, Duration timeout) {
    }

    private final HttpClientResponse upstream;
    private final StreamTransform transform;
    private final String model;
    private final Stall stall;
    private Watchdog watchdog;
    private boolean anyByte;
    private Buffer first;
    /** What arrived after the first chunk and before {@link #relay} (the pause takes effect between chunks). */
    private final List<Buffer> early = new ArrayList<>();
    private Throwable earlyFailure;
    private boolean endedEarly;
    /** The provider's stream is over for us: it ended, failed, stalled, or the transform stopped it. */
    private boolean finished;
    /** Nothing of the provider's response is left to give up: it ended or failed, or was reset or abandoned. */
    private boolean providerOver;
    private UniEmitter<? super Answer> emitter;
    /** The exchange's context (its event loop), where the response's handlers run; see {@link Abandon}. */
    private Context context;
    private final AtomicBoolean delivered = new AtomicBoolean();
    private final AtomicBoolean terminated = new AtomicBoolean();
    private Handler<Buffer> chunks;
    private Handler<Throwable> failure;
    private Runnable end;

    private SseStreamHead(HttpClientResponse upstream, StreamTransform transform, String model, Stall stall) {
        this.upstream = upstream;
        this.transform = transform;
        this.model = model;
        this.stall = stall;
        this.watchdog = watchdog(stall.firstByte());
    }

    private Watchdog watchdog(Duration bound) {
        return new Watchdog(stall.vertx(), bound, () -> fail(stalled(model, bound, "stream")));
    }

    /**
     * Reads a paused stream response up to the first bytes for the caller; cancelling resets the request.
     *
     * @param model      the provider model, for messages
     * @param transform  what the caller receives of the stream
     * @param errorReply turns a provider error answer into the caller's format
     * @param stall      the longest silences: before the first byte, and between bytes
     */
    static Uni<Answer> open(HttpClientResponse upstream, String model, StreamTransform transform,
                            UnaryOperator<UpstreamReply> errorReply, Stall stall) {
        if (upstream.statusCode() < 200 || upstream.statusCode() >= 300) {
            return errorAnswer(upstream, model, errorReply, stall);
        }
        return Uni.createFrom().emitter(emitter -> new SseStreamHead(upstream, transform, model, stall).start(emitter));
    }

    private void start(UniEmitter<? super Answer> emitter) {
        this.emitter = emitter;
        this.context = Vertx.currentContext();
        emitter.onTermination(() -> {
            terminated.set(true);
            if (!delivered.get()) {
                watchdog.stop();
                abandon();
            }
        });
        upstream.handler(this::onChunk);
        upstream.exceptionHandler(error -> {
            providerOver = true;
            fail(UpstreamFailure.classify(error, model));
        });
        upstream.endHandler(ended -> onEnd());
        upstream.resume();
    }

    /** One provider chunk: held as the first one, relayed, or kept until relaying starts. */
    private void onChunk(Buffer raw) {
        if (finished) {
            return;
        }
        if (!anyByte) {
            anyByte = true;
            watchdog.stop();
            watchdog = watchdog(stall.timeout()); // the answer has begun: from now on, the stall bound
        }
        watchdog.touch();
        Buffer chunk = transform.onChunk(raw);
        if (chunk.length() == 0) {
            return; // nothing for the caller (e.g. a translated ping)
        }
        if (first == null) {
            first = chunk;
            pause();
            if (terminated.get()) {
                finished = true;
                watchdog.stop();
                abandon(); // too late: the attempt was cancelled meanwhile
                return;
            }
            delivered.set(true);
            emitter.complete(new Answer.Streaming(this));
        } else if (chunks != null) {
            chunks.handle(chunk);
        } else {
            early.add(chunk);
        }
        if (transform.stopped()) {
            // The caller's stream is complete (it ended with a stage's error event): end it, abandon the provider's.
            finished = true;
            watchdog.stop();
            abandon();
            ended();
        }
    }

    private void onEnd() {
        providerOver = true;
        if (finished) {
            return;
        }
        finished = true;
        watchdog.stop();
        if (first == null) {
            emitter.fail(new UpstreamFailure(UpstreamFailure.Kind.UNAVAILABLE,
                    "provider model " + model + " closed the stream before its first chunk", null));
        } else {
            ended();
        }
    }

    private void ended() {
        if (end != null) {
            end.run();
        } else {
            endedEarly = true;
        }
    }

    /** The stream broke or stalled: before the first chunk the attempt fails; after it the caller's stream does. */
    private void fail(Throwable error) {
        if (finished) {
            return;
        }
        finished = true;
        watchdog.stop();
        if (!providerOver) {
            // A stall (reading, so nothing is queued) or a failure: the connection is still this stream's.
            providerOver = true;
            upstream.request().reset();
        }
        if (first == null) {
            emitter.fail(error);
        } else if (failure != null) {
            failure.handle(error);
        } else {
            earlyFailure = error;
        }
    }

    private static UpstreamFailure stalled(String model, Duration bound, String what) {
        return new UpstreamFailure(UpstreamFailure.Kind.TIMEOUT, "provider model " + model + " stopped sending its "
                + what + " (nothing for " + bound.toMillis() + " ms)", null);
    }

    /** An error status: the whole body, as a complete answer in the caller's format, to classify or relay. */
    private static Uni<Answer> errorAnswer(HttpClientResponse upstream, String model,
                                           UnaryOperator<UpstreamReply> errorReply, Stall stall) {
        return Uni.createFrom().<Answer>emitter(emitter -> {
            AtomicBoolean settled = new AtomicBoolean();
            Watchdog watchdog = new Watchdog(stall.vertx(), stall.timeout(), () -> {
                if (settled.compareAndSet(false, true)) {
                    upstream.request().reset();
                    emitter.fail(stalled(model, stall.timeout(), "error answer"));
                }
            });
            Context context = Vertx.currentContext();
            emitter.onTermination(() -> Abandon.onLoop(context, () -> {
                watchdog.stop();
                if (settled.compareAndSet(false, true)) {
                    Abandon.response(upstream, context); // the caller left: its end may already be queued
                }
            }));
            Buffer received = Buffer.buffer();
            upstream.handler(chunk -> {
                watchdog.touch();
                received.appendBuffer(chunk);
            });
            upstream.exceptionHandler(error -> {
                if (settled.compareAndSet(false, true)) {
                    watchdog.stop();
                    emitter.complete(new Answer.Complete(errorReply.apply(
                            UpstreamReply.of(upstream.statusCode(), upstream.headers(), received))));
                }
            });
            upstream.endHandler(ended -> {
                if (settled.compareAndSet(false, true)) {
                    watchdog.stop();
                    emitter.complete(new Answer.Complete(errorReply.apply(
                            UpstreamReply.of(upstream.statusCode(), upstream.headers(), received))));
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
        watchdog.suspend();
        upstream.pause();
    }

    @Override
    public void resume() {
        watchdog.resume();
        upstream.resume();
    }

    @Override
    public void cancel() {
        Abandon.onLoop(context, () -> {
            finished = true;
            watchdog.stop();
            abandon();
        });
    }

    /** Gives up on the provider's response unless it is over already; see {@link Abandon}. */
    private void abandon() {
        Abandon.onLoop(context, () -> {
            if (!providerOver) {
                providerOver = true;
                Abandon.response(upstream, context);
            }
        });
    }
}
