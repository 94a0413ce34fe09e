package dev.moniker.stage;

import dev.moniker.wire.GatewayError;
import dev.moniker.wire.view.AnswerView;
import dev.moniker.wire.view.RequestView;
import dev.moniker.wire.view.StreamEventView;

import java.util.Optional;

/**
 * One step that sees, and may change or stop, a request on its way to the model and the answer on its way back:
 * guardrails, usage metering and limits are stages. One instance per request (a {@link StageFactory} makes it), so
 * a stage may keep state across one stream's events; all calls for one request come from one thread, in order.
 *
 * <p>Stages see the caller's format through format-neutral views, so one stage serves both ingress APIs and every
 * (ingress, provider) format pair: requests before any translation, answers and stream events after it.
 */
public interface Stage {

    /** Before the attempt loop; empty lets the request go on (perhaps changed through the view). */
    default Optional<Intervention> onRequest(RequestView request) {
        return Optional.empty();
    }

    /**
     * Whether this stage rewrites or withholds the text of answers and streams (an output content filter): such a
     * stage needs an API whose stream carries each piece of text once (chat completions, messages), not one that
     * repeats it in summary events (the Responses API).
     */
    default boolean rewritesOutput() {
        return false;
    }

    /** Whether this stage wants {@link #onAttempt}: the request path copies the request per attempt only if one does. */
    default boolean seesAttempts() {
        return false;
    }

    /**
     * Before each attempt (the alias's target, then each fallback), with the target it calls and that attempt's own
     * copy of the request, as changed by {@link #onRequest}: a stage may change it for this target only, or refuse
     * the attempt. A refusal is the caller's fault, so it ends the request with that error and no provider call.
     */
    default Optional<GatewayError> onAttempt(AttemptTarget target, RequestView request) {
        return Optional.empty();
    }

    /** A complete, successful answer, before it is written; empty lets it go on (perhaps changed). */
    default Optional<GatewayError> onAnswer(AnswerView answer) {
        return Optional.empty();
    }

    /**
     * One event of a successful stream, before it is written. An error stops the stream: the caller receives it as an
     * error event in its format, and the provider stream is abandoned.
     */
    default Optional<GatewayError> onStreamEvent(StreamEventView event) {
        return Optional.empty();
    }

    /**
     * A stream of this request begins: the first, or a fallback's after an attempt whose stream failed before the
     * caller received anything of it. A stage that keeps state across a stream's events starts afresh here, so
     * nothing of a failed attempt's stream reaches the next one's.
     */
    default void onStreamStart() {
    }

    /**
     * Whether this stage must see each stream event ({@link #onStreamEvent}). When no stage of a request does, its
     * streams are relayed without being split into events and parsed, and the stages only hear of their end.
     */
    default boolean readsStreamEvents() {
        return true;
    }

    /** Whether this stage needs a stream's token usage ({@link #onUsage}): the provider is then asked to report it. */
    default boolean needsUsage() {
        return false;
    }

    /**
     * The usage the serving provider reported, found in its bytes: before {@link #onAnswer}, and for a stream (as far
     * as it went) before {@link #onStreamEnd}.
     */
    default void onUsage(dev.moniker.wire.view.Usage usage) {
    }

    /**
     * The stream is ending (completely or not): the caller's SSE text to send before its last bytes, such as text a
     * stage held back. Use {@link StreamEventView#withText} of an earlier event to write it in the caller's format.
     */
    default String onStreamEnd() {
        return "";
    }

    /**
     * Work this stage started that a complete answer waits for before it is written (a conversation being stored,
     * so a caller that continues it at once, on any replica, finds it). Its failure does not stop the answer.
     */
    default io.smallrye.mutiny.Uni<Void> settled() {
        return io.smallrye.mutiny.Uni.createFrom().voidItem();
    }

    /**
     * What this stage did to the request so far, for the {@code x-moniker-guardrails} header: entries such as
     * {@code redacted=sensitive_data:2}; never the text it matched.
     */
    default java.util.List<String> notes() {
        return java.util.List.of();
    }

    /**
     * Response headers this stage sets (lower-case names, such as {@code x-moniker-cost-usd}), read when the answer
     * or the stream's head is written: after {@link #onAnswer} for an answer, before any event for a stream.
     */
    default java.util.Map<String, String> headers() {
        return java.util.Map.of();
    }
}
