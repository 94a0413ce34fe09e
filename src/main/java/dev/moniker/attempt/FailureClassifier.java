package dev.moniker.attempt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.moniker.provider.UpstreamFailure;
import dev.moniker.wire.UpstreamReply;
import dev.moniker.routing.Condition;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The one place that decides what a failed attempt was. The attempt loop asks it about every non-2xx answer and
 * every transport failure, and routes on the answer alone: a {@link Condition} a fallback step can list, or
 * {@link Condition#CALLER_FAULT}, which never falls back. Rules, first match wins:
 *
 * <ol>
 *   <li><b>quota_exceeded</b>: HTTP 429 (OpenAI {@code rate_limit_exceeded} and {@code insufficient_quota},
 *       Anthropic {@code rate_limit_error}), or any status whose error code/type is {@code insufficient_quota},
 *       {@code rate_limit_exceeded} or {@code rate_limit_error} (some OpenAI-compatible servers send these with 400/403).</li>
 *   <li><b>timeout</b>: HTTP 408 and 504; no first byte of a stream, or no complete answer, within
 *       {@code max_latency}; the upstream read timeout.</li>
 *   <li><b>server_error</b>: any 5xx, including Anthropic's 529 {@code overloaded_error} (also recognised by its
 *       type under another status); an unexpected non-error status such as a 3xx.</li>
 *   <li><b>unavailable</b>: no HTTP answer at all: connection refused or reset, DNS or TLS failure, connection
 *       closed before the first chunk; the endpoint's circuit breaker is open; or no pooled connection to it
 *       became free within {@code moniker.upstream.pool-wait-timeout} (503; not held against the endpoint).</li>
 *   <li><b>context_length_exceeded</b>: 4xx with code {@code context_length_exceeded}, or a message saying the
 *       prompt exceeds the context window (OpenAI "maximum context length", Anthropic "prompt is too long").</li>
 *   <li><b>content_filter</b>: 4xx with code/type {@code content_filter} or {@code content_policy_violation}.</li>
 *   <li><b>caller_fault</b>: every other 4xx (400, 401, 403, 404, 422, ...): the request or its credentials are
 *       wrong and would be wrong at any other model too. Relayed as is.</li>
 * </ol>
 */
public final class FailureClassifier {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern CONTEXT_MESSAGE = Pattern.compile(
            "maximum context length|context length|context window|prompt is too long|too many tokens",
            Pattern.CASE_INSENSITIVE);
    private static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(10);

    /** Classifies a provider answer whose status is not 2xx. */
    public Failure classify(UpstreamReply reply) {
        int status = reply.status();
        ErrorBody error = ErrorBody.of(reply);
        Optional<Duration> retryAfter = retryAfter(reply.header("retry-after"));
        Condition condition = condition(status, error);
        String cause = status + " " + condition.configName() + (error.message.isEmpty() ? "" : " (" + shorten(error.message) + ")");
        return new Failure(condition, status, cause, retryAfter, Optional.of(reply));
    }

    private static Condition condition(int status, ErrorBody error) {
        if (status == 429 || error.is("insufficient_quota", "rate_limit_exceeded", "rate_limit_error")) {
            return Condition.QUOTA_EXCEEDED;
        }
        if (status == 408 || status == 504) {
            return Condition.TIMEOUT;
        }
        if (status >= 500 || error.is("overloaded_error")) {
            return Condition.SERVER_ERROR;
        }
        if (status < 400) {
            return Condition.SERVER_ERROR; // a 1xx/3xx where an answer belongs: the provider misbehaved
        }
        if (error.is("context_length_exceeded") || CONTEXT_MESSAGE.matcher(error.message).find()) {
            return Condition.CONTEXT_LENGTH_EXCEEDED;
        }
        if (error.is("content_filter", "content_policy_violation")) {
            return Condition.CONTENT_FILTER;
        }
        return Condition.CALLER_FAULT;
    }

    /** Classifies a failure without an HTTP answer. */
    public Failure classify(Throwable error) {
        if (error instanceof Failure.Raised raised) {
            return raised.failure;
        }
        if (error instanceof AttemptTimeout timeout) {
            return Failure.without(Condition.TIMEOUT, 504, "timeout (no answer within max_latency "
                    + timeout.limit().toMillis() + "ms)");
        }
        if (error instanceof CircuitBreakerOpenException) {
            return Failure.without(Condition.UNAVAILABLE, 503, "unavailable (circuit breaker open)");
        }
        if (error instanceof UpstreamFailure upstream) {
            // BUSY is the gateway's own connection limit (503): another target may still serve the request.
            return upstream.kind() == UpstreamFailure.Kind.TIMEOUT
                    ? Failure.without(Condition.TIMEOUT, upstream.kind().status(),
                            "timeout (" + upstream.getMessage() + ")")
                    : Failure.without(Condition.UNAVAILABLE, upstream.kind().status(),
                            "unavailable (" + upstream.getMessage() + ")");
        }
        if (error instanceof io.smallrye.mutiny.TimeoutException) {
            return Failure.without(Condition.TIMEOUT, 504, "timeout");
        }
        // Anything else is a transport problem the client library did not wrap; name the type, never the message
        // (it may carry an address).
        return Failure.without(Condition.UNAVAILABLE, 502, "unavailable (" + error.getClass().getSimpleName() + ")");
    }

    /** {@code Retry-After} in seconds (the form providers use); an HTTP date or garbage is ignored. */
    static Optional<Duration> retryAfter(String value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            long seconds = Long.parseLong(value.trim());
            if (seconds <= 0) {
                return Optional.empty();
            }
            Duration d = Duration.ofSeconds(seconds);
            return Optional.of(d.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : d);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static String shorten(String message) {
        String oneLine = message.replaceAll("\\s+", " ").trim();
        return oneLine.length() <= 160 ? oneLine : oneLine.substring(0, 157) + "...";
    }

    /** The fields of OpenAI's and Anthropic's error envelopes that classification reads. */
    private record ErrorBody(String code, String type, String message) {
        static ErrorBody of(UpstreamReply reply) {
            try {
                JsonNode root = MAPPER.readTree(reply.body().getBytes());
                JsonNode error = root == null ? null : root.get("error");
                if (error == null || !error.isObject()) {
                    return new ErrorBody("", "", "");
                }
                return new ErrorBody(text(error, "code"), text(error, "type"), text(error, "message"));
            } catch (Exception e) {
                return new ErrorBody("", "", "");
            }
        }

        private static String text(JsonNode node, String field) {
            JsonNode value = node.get(field);
            return value == null || value.isNull() ? "" : value.asText();
        }

        boolean is(String... names) {
            for (String name : names) {
                if (name.equals(code) || name.equals(type)) {
                    return true;
                }
            }
            return false;
        }
    }
}
