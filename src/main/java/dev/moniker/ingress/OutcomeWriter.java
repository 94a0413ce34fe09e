package dev.moniker.ingress;

import dev.moniker.attempt.AttemptLoop;
import dev.moniker.provider.Answer;
import dev.moniker.provider.StreamHead;
import dev.moniker.provider.UpstreamFailure;
import dev.moniker.routing.Route;
import dev.moniker.stage.StageChain;
import dev.moniker.wire.GatewayError;
import dev.moniker.wire.Operation;
import dev.moniker.wire.UpstreamReply;
import dev.moniker.wire.UsageScan;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import org.jboss.logging.Logger;

/**
 * Writes what the attempt loop decided, for either ingress API: the answer that won (already in the caller's
 * format, then through the answer stages), the stream that won (relayed until it ends, or ends with an error event
 * in the caller's format), or one error listing every attempt.
 */
final class OutcomeWriter {

    private static final Logger LOG = Logger.getLogger(OutcomeWriter.class);

    static final Cancellable NOTHING_TO_CANCEL = () -> { };

    private final HttpServerResponse response;
    private final IngressFormat format;
    private final Route route;
    private final AnswerStages answers;
    private final StageChain stages;
    /** The stream being relayed, if any, so a caller that goes away can cancel it. */
    private volatile StreamHead relayed;
    private volatile boolean cancelled;

    private final GenAiMetrics genAi;
    private final long startNanos = System.nanoTime();
    /** What served (or was tried last), for the metrics. */
    private Route last;
    /** Runs once when the exchange is over (answered, failed, streamed to its end, or the caller left). */
    private volatile Runnable onEnd = () -> { };
    private final java.util.concurrent.atomic.AtomicBoolean over = new java.util.concurrent.atomic.AtomicBoolean();
    /** For the access log, when it is on: the client key's name ({@code -} without one), or null when off. */
    private String accessLogKey;
    private boolean stream;
    private volatile String attemptsText = "-";
    private volatile long firstByteNanos = -1;

    /** What the serving attempt's provider reported of its token usage. */
    private final UsageScan usage;
    private final ExchangeTrace trace;

    OutcomeWriter(HttpServerResponse response, IngressFormat format, Route route, StageChain stages,
                  GenAiMetrics genAi, Metering metering) {
        this.genAi = genAi;
        this.usage = metering.usage();
        this.trace = metering.trace();
        this.last = route;
        this.response = response;
        this.format = format;
        this.route = route;
        this.answers = new AnswerStages(format, stages);
        this.stages = stages;
    }

    /** What to do once the exchange is over, whichever way it ends (a stream's slot to free). */
    void onEnd(Runnable action) {
        this.onEnd = action;
    }

    /** Writes an access-log line when the exchange is over, naming the client key by {@code keyName}. */
    void accessLog(String keyName, boolean streaming) {
        this.accessLogKey = keyName == null ? "-" : keyName;
        this.stream = streaming;
    }

    /** The exchange is over with {@code status} (499: the caller left first); only the first call counts. */
    private void over(int status) {
        if (over.compareAndSet(false, true)) {
            onEnd.run();
            if (accessLogKey != null) {
                long total = System.nanoTime() - startNanos;
                AccessLog.exchange(AccessLog.api(format),
                        route.requested() == null ? "-" : route.requested(), last.target().displayName(), status,
                        stream, attemptsText, tokens(), firstByteNanos >= 0 ? firstByteNanos : total, total,
                        accessLogKey);
            }
        }
    }

    /** The caller went away: abandon the stream being relayed, or the one about to be. */
    void cancel() {
        over(499);
        cancelled = true;
        StreamHead current = relayed;
        if (current != null) {
            current.cancel();
        }
    }

    void write(AttemptLoop.Outcome outcome) {
        ResponseWriter.attempts(response, outcome.attempts());
        if (!outcome.attempts().isEmpty()) {
            attemptsText = dev.moniker.attempt.AttemptRecord.header(outcome.attempts());
        }
        // What acted on the request; for a stream, what acts on its events is counted in metrics (the head is gone).
        stageHeaders();
        switch (outcome) {
            case AttemptLoop.Outcome.Served served -> {
                Route servedBy = new Route(route.requested(), route.alias(), served.choice().target());
                last = servedBy;
                switch (served.answer()) {
                    case Answer.Complete complete -> reply(servedBy, complete.reply());
                    case Answer.Streaming streaming -> {
                        relayed = streaming.head();
                        if (cancelled) {
                            streaming.head().cancel();
                        } else {
                            relayStream(servedBy, streaming.head());
                        }
                    }
                }
            }
            case AttemptLoop.Outcome.Failed failed -> {
                last = new Route(route.requested(), route.alias(), failed.lastTarget());
                if (failed.relayAsIs()) {
                    measured(failed.last().reply().get().status());
                    ResponseWriter.reply(response, last, failed.last().reply().get());
                } else {
                    LOG.warnf("%s: %s", route.alias().orElse(route.target().displayName()), failed.summary());
                    ResponseWriter.servedBy(response, new Route(route.requested(), route.alias(), failed.lastTarget()));
                    failed.last().retryAfter().ifPresent(after ->
                            response.putHeader("retry-after", Long.toString(after.toSeconds())));
                    error(allFailed(failed));
                }
            }
        }
    }

    /** A failure outside any provider answer: the provider could not be reached or did not answer, or a bug. */
    void fail(Throwable failure) {
        ResponseWriter.servedBy(response, route);
        if (failure instanceof UpstreamFailure upstream) {
            // The cause may name an internal address: it goes to the operator's log, never to the client.
            LOG.warnf("%s: %s", upstream.getMessage(), upstream.getCause());
            String code = switch (upstream.kind()) {
                case TIMEOUT -> "upstream_timeout";
                case UNAVAILABLE -> "upstream_unavailable";
                case BUSY -> "upstream_busy";
            };
            error(new GatewayError(upstream.kind().status(), "api_error", code, null, upstream.getMessage()));
            return;
        }
        LOG.error("unexpected failure on the request path", failure);
        error(new GatewayError(500, "api_error", "internal_error", null, "Internal gateway error"));
    }

    /** A spent limit before any attempt: its 429 with {@code retry-after} and the {@code x-ratelimit-*} headers. */
    void refused(GatewayError error, java.util.Map<String, String> headers) {
        ResponseWriter.servedBy(response, route);
        headers.forEach(response::putHeader);
        error(error);
    }

    void error(GatewayError error) {
        stageHeaders();
        measured(error.status());
        ResponseWriter.error(response, format, error);
    }

    /** What the stages did ({@code x-moniker-guardrails}) and the headers they set; written again as they change. */
    private void stageHeaders() {
        if (stages.isEmpty()) {
            return; // the common case: nothing to say, and nothing to allocate for it
        }
        ResponseWriter.guardrails(response, stages.notes());
        stages.headers().forEach(response::putHeader);
    }

    /**
     * The exchange is about to end with its last bytes (so its span still takes attributes): the GenAI operation
     * duration from the request's arrival, the tokens the provider reported, the trace's attributes.
     */
    private void measured(int status) {
        Route route = last;
        String operation = format.genAiOperation();
        String provider = route.target().upstream().providerPrefix();
        String requested = route.alias().orElse(route.target().displayName());
        genAi.operation(operation, provider, requested, route.target().displayName(), status,
                System.nanoTime() - startNanos);
        java.util.Optional<dev.moniker.wire.view.Usage> reported = reported();
        reported.ifPresent(tokens -> genAi.tokens(operation, provider, requested, route.target().displayName(), tokens));
        trace.ended(operation, route, reported, attemptsText);
        over(status);
    }

    /** The usage the serving provider reported; none for a token count, which is not a model call. */
    private java.util.Optional<dev.moniker.wire.view.Usage> reported() {
        return format.operation() == Operation.COUNT_TOKENS ? java.util.Optional.empty() : usage.usage();
    }

    /** The access log's token counts: {@code input/output}, {@code -} for a count not reported. */
    private String tokens() {
        return reported().map(u -> count(u.inputTokens()) + "/" + count(u.outputTokens())).orElse("-");
    }

    private static String count(long tokens) {
        return tokens < 0 ? "-" : Long.toString(tokens);
    }

    private void reply(Route servedBy, UpstreamReply reply) {
        AnswerStages.Result staged = answers.apply(reply);
        stageHeaders();
        if (staged.refused() != null) {
            error(staged.refused());
        } else {
            Runnable write = () -> {
                measured(staged.reply().status());
                ResponseWriter.reply(response, servedBy, staged.reply());
            };
            if (stages.isEmpty()) {
                write.run();
            } else {
                // What the stages started and the answer waits for (a conversation being stored), then the answer.
                stages.settled().subscribe().with(done -> write.run(), failure -> write.run());
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
    private void relayStream(Route servedBy, StreamHead upstream) {
        ResponseWriter.startStream(response, servedBy, upstream.contentType());
        firstByteNanos = System.nanoTime() - startNanos;
        genAi.firstToken(format.genAiOperation(), servedBy.target().upstream().providerPrefix(),
                servedBy.alias().orElse(servedBy.target().displayName()), servedBy.target().displayName(),
                System.nanoTime() - startNanos);
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
                    end(upstream.failure("The provider stream failed: "
                            + UpstreamFailure.describe(error, servedBy.target().displayName())));
                },
                () -> {
                    Buffer ending = upstream.ending();
                    if (ending.length() > 0) {
                        LOG.warnf("stream from %s ended before it was complete", servedBy.target().displayName());
                    }
                    writer.flush();
                    if (stages.isEmpty()) {
                        end(ending);
                    } else {
                        // Every event is out; the stream ends once what the stages started is done (a Responses
                        // conversation being stored), so a caller that read to the end can continue it anywhere.
                        stages.settled().subscribe().with(done -> end(ending), failure -> end(ending));
                    }
                });
        upstream.resume();
    }

    private void end(Buffer lastBytes) {
        if (!response.ended() && !response.closed()) {
            measured(200);
            response.end(lastBytes);
        }
        over(499); // also when the caller had gone: the stream's slot is free either way
    }
}
