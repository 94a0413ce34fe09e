package dev.moniker.gateway;

import dev.moniker.runtime.Routing;
import dev.moniker.wire.GatewayError;
import dev.moniker.attempt.Answer;
import dev.moniker.attempt.AttemptLoop;
import dev.moniker.attempt.RequestFacts;
import dev.moniker.attempt.StreamHead;
import dev.moniker.provider.UpstreamFailure;
import dev.moniker.routing.RoutingTable;
import dev.moniker.routing.Target;
import io.smallrye.mutiny.Uni;
import dev.moniker.routing.Route;
import dev.moniker.translate.AnthropicErrors;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import org.jboss.logging.Logger;

import java.util.function.Function;

/**
 * Writes what the attempt loop decided, for either ingress API: the answer that won (already in the caller's
 * format), the stream that won (relayed until it ends, or ends with an error event in the caller's format), or one
 * error listing every attempt.
 */
final class Outcomes {

    private static final Logger LOG = Logger.getLogger(Outcomes.class);

    static final Cancellable NOTHING_TO_CANCEL = () -> { };

    /** How a gateway error is written in the caller's API. */
    @FunctionalInterface
    interface ErrorFormat {
        void write(HttpServerResponse response, GatewayError error);
    }

    static final ErrorFormat OPENAI = ResponseWriter::error;

    static final ErrorFormat ANTHROPIC = (response, error) -> {
        if (response.closed() || response.ended()) {
            return;
        }
        // Anthropic's error type follows from the status (its API documents one type per status).
        response.setStatusCode(error.status());
        response.putHeader("content-type", "application/json");
        response.end(AnthropicErrors.envelope(AnthropicErrors.typeForStatus(error.status()), error.message()).toString());
    };

    private Outcomes() {
    }

    /** The stream being relayed, if any, so a caller that goes away can cancel it. */
    private static final class Relay implements Cancellable {
        private volatile StreamHead head;
        private volatile boolean cancelled;

        boolean commit(StreamHead winner) {
            head = winner;
            if (cancelled) {
                winner.cancel();
                return false;
            }
            return true;
        }

        @Override
        public void cancel() {
            cancelled = true;
            StreamHead current = head;
            if (current != null) {
                current.cancel();
            }
        }
    }

    /**
     * Runs a route's attempt plan and writes what it decided. Returns what cancels it when the caller goes away:
     * the attempt in flight, or the stream being relayed.
     */
    static Cancellable serve(Routing routing, RoutingTable routes, Route route, RequestFacts facts,
                             Function<Target, Uni<Answer>> call, HttpServerResponse response, ErrorFormat errors) {
        Relay relay = new Relay();
        Cancellable attempts = routing.loop().run(routes.plan(route), facts, call).subscribe().with(
                outcome -> write(response, route, outcome, relay, errors),
                failure -> errors.write(response, transportError(failure)));
        return () -> {
            attempts.cancel();
            relay.cancel();
        };
    }

    /** A failure outside any provider answer: the provider could not be reached or did not answer, or a bug. */
    static GatewayError transportError(Throwable failure) {
        if (failure instanceof UpstreamFailure upstream) {
            // The cause may name an internal address: it goes to the operator's log, never to the client.
            LOG.warnf("%s: %s", upstream.getMessage(), upstream.getCause());
            String code = switch (upstream.kind()) {
                case TIMEOUT -> "upstream_timeout";
                case UNAVAILABLE -> "upstream_unavailable";
                case BUSY -> "upstream_busy";
            };
            return new GatewayError(upstream.kind().status(), "api_error", code, null, upstream.getMessage());
        }
        LOG.error("unexpected failure on the request path", failure);
        return new GatewayError(500, "api_error", "internal_error", null, "Internal gateway error");
    }

    private static void write(HttpServerResponse response, Route route, AttemptLoop.Outcome outcome, Relay relay,
                              ErrorFormat errors) {
        ResponseWriter.attempts(response, outcome.attempts());
        switch (outcome) {
            case AttemptLoop.Outcome.Served served -> {
                Route servedBy = new Route(route.requested(), route.alias(), served.choice().target());
                switch (served.answer()) {
                    case Answer.Complete complete -> ResponseWriter.reply(response, servedBy, complete.reply());
                    case Answer.Streaming streaming -> {
                        if (relay.commit(streaming.head())) {
                            relayStream(response, servedBy, streaming.head());
                        }
                    }
                }
            }
            case AttemptLoop.Outcome.Failed failed -> {
                if (failed.relayAsIs()) {
                    ResponseWriter.reply(response, new Route(route.requested(), route.alias(), failed.lastTarget()),
                            failed.last().reply().get());
                } else {
                    LOG.warnf("%s: %s", route.alias().orElse(route.target().displayName()), failed.summary());
                    failed.last().retryAfter().ifPresent(after ->
                            response.putHeader("retry-after", Long.toString(after.toSeconds())));
                    errors.write(response, allFailed(failed));
                }
            }
        }
    }

    private static GatewayError allFailed(AttemptLoop.Outcome.Failed failed) {
        String code = failed.attempts().size() > 1 ? "all_attempts_failed" : switch (failed.last().condition()) {
            case TIMEOUT -> "upstream_timeout";
            case UNAVAILABLE -> "upstream_unavailable";
            default -> "upstream_error";
        };
        String type = failed.status() == 429 ? "rate_limit_error" : "api_error";
        return new GatewayError(failed.status(), type, code, null, failed.summary());
    }

    /**
     * Commits to the attempt that produced the first bytes and relays the stream; a later failure ends it with an
     * error event in the caller's format.
     */
    private static void relayStream(HttpServerResponse response, Route route, StreamHead upstream) {
        ResponseWriter.startStream(response, route, upstream.contentType());
        StreamRelay writer = new StreamRelay(response);
        Handler<Buffer> relay = chunk -> {
            if (response.ended() || response.closed()) {
                return;
            }
            writer.write(chunk);
            if (response.writeQueueFull()) {
                upstream.pause();
                response.drainHandler(drained -> upstream.resume());
            }
        };
        relay.handle(upstream.firstChunk());
        upstream.relay(relay,
                error -> {
                    writer.flush();
                    end(response, upstream.failure("The provider stream failed: "
                            + UpstreamFailure.describe(error, route.target().displayName())));
                },
                () -> {
                    Buffer ending = upstream.ending();
                    if (ending.length() > 0) {
                        LOG.warnf("stream from %s ended before it was complete", route.target().displayName());
                    }
                    writer.flush();
                    end(response, ending);
                });
        upstream.resume();
    }

    private static void end(HttpServerResponse response, Buffer last) {
        if (!response.ended() && !response.closed()) {
            response.end(last);
        }
    }
}
