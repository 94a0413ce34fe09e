package dev.moniker.ingress;

import dev.moniker.provider.Answer;
import dev.moniker.provider.UpstreamFailure;
import dev.moniker.routing.Route;
import dev.moniker.routing.Target;
import dev.moniker.wire.view.Usage;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.smallrye.mutiny.Uni;

import java.util.Optional;

/**
 * One exchange's trace, with the OpenTelemetry GenAI attributes: the request's own span (the HTTP server span
 * Quarkus starts) learns the alias, what served and the tokens; each attempt is a child {@code CLIENT} span named
 * {@code "{operation} {model}"}, as the conventions name inference spans. When tracing is off, or this request is
 * not sampled, {@link #OFF} does nothing and allocates nothing. No message text and no key is ever an attribute.
 */
final class ExchangeTrace {

    static final ExchangeTrace OFF = new ExchangeTrace(null, Span.getInvalid(), null);

    private static final AttributeKey<String> OPERATION = AttributeKey.stringKey("gen_ai.operation.name");
    private static final AttributeKey<String> PROVIDER = AttributeKey.stringKey("gen_ai.provider.name");
    private static final AttributeKey<String> REQUEST_MODEL = AttributeKey.stringKey("gen_ai.request.model");
    private static final AttributeKey<String> RESPONSE_MODEL = AttributeKey.stringKey("gen_ai.response.model");
    private static final AttributeKey<Long> INPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.input_tokens");
    private static final AttributeKey<Long> OUTPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.output_tokens");
    private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    private static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");
    private static final AttributeKey<String> SERVER = AttributeKey.stringKey("server.address");
    private static final AttributeKey<Long> PORT = AttributeKey.longKey("server.port");
    private static final AttributeKey<String> ALIAS = AttributeKey.stringKey("moniker.alias");
    private static final AttributeKey<String> TARGET = AttributeKey.stringKey("moniker.target");
    private static final AttributeKey<String> ATTEMPTS = AttributeKey.stringKey("moniker.attempts");

    private final Tracer tracer;
    private final Span exchange;
    private final Context parent;

    private ExchangeTrace(Tracer tracer, Span exchange, Context parent) {
        this.tracer = tracer;
        this.exchange = exchange;
        this.parent = parent;
    }

    /** The trace of the request being handled now (on its event loop, in its context). */
    static ExchangeTrace begin(Tracer tracer) {
        Span current = Span.current();
        return current.isRecording() ? new ExchangeTrace(tracer, current, Context.current()) : OFF;
    }

    /** {@code call}, the attempt at {@code target}, inside its own span. */
    Uni<Answer> attempt(String operation, Target target, Uni<Answer> call) {
        if (tracer == null) {
            return call;
        }
        Span span = tracer.spanBuilder(operation + " " + target.modelId()).setParent(parent)
                .setSpanKind(SpanKind.CLIENT)
                .setAttribute(OPERATION, operation)
                .setAttribute(PROVIDER, target.upstream().providerPrefix())
                .setAttribute(REQUEST_MODEL, target.modelId())
                .setAttribute(TARGET, target.displayName())
                .setAttribute(SERVER, String.valueOf(target.upstream().endpoint().getHost()))
                .setAttribute(PORT, (long) port(target.upstream().endpoint()))
                .startSpan();
        return call.onItemOrFailure().invoke((answer, failure) -> {
            if (failure != null) {
                span.setAttribute(ERROR_TYPE, failure instanceof UpstreamFailure upstream
                        ? upstream.kind().name().toLowerCase(java.util.Locale.ROOT) : failure.getClass().getName());
                span.setStatus(StatusCode.ERROR);
            } else {
                int status = answer instanceof Answer.Complete complete ? complete.reply().status() : 200;
                span.setAttribute(STATUS, (long) status);
                if (status >= 400) {
                    span.setAttribute(ERROR_TYPE, Integer.toString(status));
                    span.setStatus(StatusCode.ERROR);
                }
            }
            span.end();
        }).onCancellation().invoke(span::end);
    }

    /** The exchange is about to end: what was asked for, what served, how, and the tokens it used. */
    void ended(String operation, Route served, Optional<Usage> usage, String attempts) {
        if (tracer == null) {
            return;
        }
        exchange.setAttribute(OPERATION, operation);
        exchange.setAttribute(PROVIDER, served.target().upstream().providerPrefix());
        exchange.setAttribute(REQUEST_MODEL, served.alias().orElse(served.target().displayName()));
        exchange.setAttribute(RESPONSE_MODEL, served.target().displayName());
        served.alias().ifPresent(alias -> exchange.setAttribute(ALIAS, alias));
        exchange.setAttribute(ATTEMPTS, attempts);
        usage.ifPresent(u -> {
            if (u.inputTokens() >= 0) {
                exchange.setAttribute(INPUT_TOKENS, u.inputTokens());
            }
            if (u.outputTokens() >= 0) {
                exchange.setAttribute(OUTPUT_TOKENS, u.outputTokens());
            }
        });
    }

    private static int port(java.net.URI endpoint) {
        if (endpoint.getPort() >= 0) {
            return endpoint.getPort();
        }
        return "https".equalsIgnoreCase(endpoint.getScheme()) ? 443 : 80;
    }
}
