package dev.moniker.ingress;

import dev.moniker.wire.GatewayError;
import dev.moniker.attempt.AttemptRecord;
import dev.moniker.wire.UpstreamReply;
import dev.moniker.routing.Route;
import io.vertx.core.http.HttpServerResponse;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes what the client receives: relayed provider answers and streams, and gateway errors, each with the
 * {@code x-moniker-*} headers that say what served the request.
 */
final class ResponseWriter {

    static final String ALIAS_HEADER = "x-moniker-alias";
    static final String MODEL_HEADER = "x-moniker-model";
    static final String ATTEMPTS_HEADER = "x-moniker-attempts";
    static final String GUARDRAILS_HEADER = "x-moniker-guardrails";

    /**
     * Provider response headers worth relaying (request ids, rate-limit state, retry hints). Everything else
     * (hop-by-hop headers, cookies, server details) stays behind.
     */
    private static final Set<String> RELAYED_PREFIXES = Set.of("x-ratelimit-", "openai-", "anthropic-ratelimit-");
    // x-moniker-token-count marks a token count the gateway estimated itself (LocalTokenCount).
    private static final Set<String> RELAYED = Set.of("x-request-id", "request-id", "retry-after",
            "x-moniker-token-count");

    private ResponseWriter() {
    }

    static void reply(HttpServerResponse response, Route route, UpstreamReply reply) {
        if (response.closed() || response.ended()) {
            return;
        }
        response.setStatusCode(reply.status());
        relayHeaders(response, reply.headers());
        String contentType = reply.header("content-type");
        response.putHeader("content-type", contentType != null ? contentType : "application/json");
        servedBy(response, route);
        response.end(reply.body());
    }

    /** The one place a gateway error is written as a JSON body, in the caller's envelope. */
    static void error(HttpServerResponse response, IngressFormat format, GatewayError error) {
        if (response.closed() || response.ended()) {
            return;
        }
        response.setStatusCode(error.status());
        response.putHeader("content-type", "application/json");
        response.end(format.errorBody(error));
    }

    static void startStream(HttpServerResponse response, Route route, String contentType) {
        response.setStatusCode(200);
        response.setChunked(true);
        // What the caller reads is always SSE: a translated stream (Bedrock's binary event stream) is not the type
        // its provider declared.
        response.putHeader("content-type", contentType != null && contentType.startsWith("text/event-stream")
                ? contentType : "text/event-stream");
        response.putHeader("cache-control", "no-cache");
        servedBy(response, route);
    }

    /** What the stages did ({@code blocked=PII}, {@code redacted=sensitive_data:2}); never what they matched. */
    static void guardrails(HttpServerResponse response, List<String> notes) {
        if (!notes.isEmpty() && !response.headWritten()) {
            response.putHeader(GUARDRAILS_HEADER, String.join(", ", notes));
        }
    }

    /** An answer the gateway gives itself (a guard's message): JSON, or a whole event stream. */
    static void ownReply(HttpServerResponse response, boolean stream, String body) {
        if (response.closed() || response.ended()) {
            return;
        }
        response.setStatusCode(200);
        response.putHeader("content-type", stream ? "text/event-stream" : "application/json");
        if (stream) {
            response.putHeader("cache-control", "no-cache");
        }
        response.end(body);
    }

    /** Each attempt's {@code provider/model} and outcome, in order; no keys, no URLs. */
    static void attempts(HttpServerResponse response, List<AttemptRecord> attempts) {
        if (!attempts.isEmpty() && !response.headWritten()) {
            response.putHeader(ATTEMPTS_HEADER, AttemptRecord.header(attempts));
        }
    }

    /** {@code x-moniker-alias} and {@code x-moniker-model}: what served the request, or the last target tried. */
    static void servedBy(HttpServerResponse response, Route route) {
        if (response.headWritten()) {
            return;
        }
        route.alias().ifPresent(alias -> response.putHeader(ALIAS_HEADER, alias));
        response.putHeader(MODEL_HEADER, route.target().displayName());
    }

    private static void relayHeaders(HttpServerResponse response, Map<String, List<String>> headers) {
        headers.forEach((name, values) -> {
            if (RELAYED.contains(name) || RELAYED_PREFIXES.stream().anyMatch(name::startsWith)) {
                response.putHeader(name, values);
            }
        });
    }
}
