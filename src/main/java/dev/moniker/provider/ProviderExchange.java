package dev.moniker.provider;

import dev.moniker.wire.UpstreamReply;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.RequestOptions;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One HTTP exchange with a provider over the calling event loop's pooled client ({@link EventLoopClients}), for
 * complete answers and streams alike. Every phase has a bound and every phase can be cancelled:
 *
 * <ol>
 *   <li><b>a connection</b>: from the pool within {@code pool-wait-timeout}, else {@link UpstreamFailure.Kind#BUSY}
 *       (also at once when too many requests already wait);</li>
 *   <li><b>the response head</b>: within the read timeout (the request's idle timeout);</li>
 *   <li><b>a complete body</b>: no silence longer than the stall timeout between bytes. Vert.x stops a request's
 *       idle timeout once the head has arrived, so a {@link Watchdog} does this (and {@link SseStreamHead} does the
 *       same for streams).</li>
 * </ol>
 *
 * <p>Cancelling (the caller left, {@code max_latency} passed) resets the request in whatever phase it is: an HTTP/1.1
 * reset closes the connection, so a half-read connection never goes back to the pool, and a connection the pool
 * hands over after the cancellation is reset at once instead of being held. (Quarkus' REST client drops such a
 * late connection without releasing it: that leaked its pool until JSON calls stopped for good, issue 17.) A
 * request whose response is over on the wire is never reset: Vert.x would close its connection, which the pool may
 * already have given to another exchange ({@link Abandon}).
 *
 * <p>A pooled connection can be closed by the provider just as it is reused (the keep-alive race). Such a request
 * fails before any byte of an answer arrived; it is sent once more on a new connection, and the stale one is
 * neither reported nor held against the provider.
 */
final class ProviderExchange {

    private static final Logger LOG = Logger.getLogger(ProviderExchange.class);

    private ProviderExchange() {
    }

    /** Opens a request; completes with the response, paused, once its head arrived. */
    static Uni<HttpClientResponse> open(EventLoopClients clients, RequestOptions options, Buffer body, String model) {
        return Uni.createFrom().emitter(emitter ->
                new Attempt<>(clients, options, body, model, null, emitter).start());
    }

    /** Sends a request and reads its answer whole, whatever its status. */
    static Uni<UpstreamReply> complete(EventLoopClients clients, RequestOptions options, Buffer body, String model,
                                       Duration stallTimeout) {
        return Uni.createFrom().emitter(emitter ->
                new Attempt<>(clients, options, body, model, stallTimeout, emitter).start());
    }

    /**
     * One exchange, through all its phases; retried at most once, on a new connection, if the first was stale.
     * {@code T} is the paused {@link HttpClientResponse} for a stream, the {@link UpstreamReply} for a whole answer.
     */
    private static final class Attempt<T> {
        private final Vertx vertx;
        /** Resolved once, on the loop the exchange starts on; the retry stays on it too. */
        private final EventLoopClients.Clients loop;
        private final RequestOptions options;
        private final Buffer body;
        private final String model;
        /** Read the body whole under this idle bound; null for a stream (the response is handed over paused). */
        private final Duration readWhole;
        private final UniEmitter<? super T> emitter;
        private final AtomicBoolean finished = new AtomicBoolean();
        private volatile HttpClientRequest request;
        private volatile Watchdog watchdog;
        private volatile boolean cancelled;

        Attempt(EventLoopClients clients, RequestOptions options, Buffer body, String model, Duration readWhole,
                UniEmitter<? super T> emitter) {
            this.vertx = clients.vertx();
            this.loop = clients.forCallingLoop();
            this.options = options;
            this.body = body;
            this.model = model;
            this.readWhole = readWhole;
            this.emitter = emitter;
            // A cancellation can come from another thread (max_latency's timer); it is acted on on this loop,
            // where the response's end, if it came first, has already been seen (see Abandon).
            Context context = Vertx.currentContext();
            emitter.onTermination(() -> Abandon.onLoop(context, this::terminated));
        }

        /**
         * Cancelled, or failed, or done: a request not handed over is reset (its connection closed). On the loop, a
         * response read whole is not paused, so one not yet delivered is still in flight on its connection.
         */
        private void terminated() {
            if (finished.compareAndSet(false, true)) {
                cancelled = true;
                stopWatchdog();
                HttpClientRequest current = request;
                if (current != null) {
                    current.reset();
                }
            }
        }

        void start() {
            send(loop.pooled, true);
        }

        private void send(HttpClient client, boolean mayRetry) {
            client.request(options).onComplete(obtained -> {
                if (obtained.failed()) {
                    fail(UpstreamFailure.connecting(obtained.cause(), model));
                    return;
                }
                HttpClientRequest sent = obtained.result();
                // A reset we make on purpose must not be logged as an error; real failures reach the futures below.
                sent.exceptionHandler(error -> LOG.debugf("provider request ended: %s", error));
                request = sent;
                if (cancelled) {
                    sent.reset(); // the caller left while we waited for the connection
                    return;
                }
                boolean reused = loop.reused(sent.connection());
                sent.send(body).onComplete(answered -> {
                    if (answered.failed()) {
                        if (mayRetry && reused && !cancelled && stale(answered.cause())) {
                            LOG.debugf("reused connection to %s was closed; sending again on a new one", model);
                            send(loop.fresh, false);
                        } else {
                            fail(UpstreamFailure.classify(answered.cause(), model));
                        }
                        return;
                    }
                    HttpClientResponse response = answered.result();
                    if (readWhole == null) {
                        response.pause();
                        deliver(response);
                    } else {
                        readWhole(response);
                    }
                });
            });
        }

        private void readWhole(HttpClientResponse response) {
            Buffer received = Buffer.buffer();
            String stalled = "provider model " + model + " stopped sending its answer (nothing for "
                    + readWhole.toMillis() + " ms)";
            Watchdog idle = new Watchdog(vertx, readWhole,
                    () -> fail(new UpstreamFailure(UpstreamFailure.Kind.TIMEOUT, stalled, null)));
            watchdog = idle;
            if (finished.get()) {
                idle.stop(); // cancelled meanwhile
            }
            response.handler(chunk -> {
                idle.touch();
                received.appendBuffer(chunk);
            });
            response.exceptionHandler(error -> fail(UpstreamFailure.classify(error, model)));
            response.endHandler(ended -> {
                idle.stop();
                deliver(UpstreamReply.of(response.statusCode(), response.headers(), received));
            });
        }

        @SuppressWarnings("unchecked") // T is fixed by which factory built this attempt
        private void deliver(Object result) {
            if (finished.compareAndSet(false, true)) {
                emitter.complete((T) result);
            } // else cancelled or failed as the answer arrived: that reset the request already
        }

        private void stopWatchdog() {
            Watchdog current = watchdog;
            if (current != null) {
                current.stop();
            }
        }

        private void fail(Throwable error) {
            if (finished.compareAndSet(false, true)) {
                stopWatchdog();
                HttpClientRequest current = request;
                if (current != null) {
                    current.reset();
                }
                emitter.fail(error);
            }
        }

        /** The connection was gone before any answer: the provider closed it while it sat idle in the pool. */
        private static boolean stale(Throwable error) {
            return error instanceof HttpClosedException || error instanceof IOException;
        }
    }
}
