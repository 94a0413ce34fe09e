package dev.moniker.ingress;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.moniker.access.ClientKey;
import dev.moniker.attempt.AttemptLoop;
import dev.moniker.attempt.RequestFacts;
import dev.moniker.conversation.ConversationRecorder;
import dev.moniker.conversation.StoreUnavailable;
import dev.moniker.limit.Refusal;
import dev.moniker.limit.StreamSlot;
import dev.moniker.limit.UsageMeter;
import dev.moniker.provider.Answer;
import dev.moniker.provider.CallerHeaders;
import dev.moniker.provider.ProviderKind;
import dev.moniker.provider.UpstreamClient;
import dev.moniker.routing.Plan;
import dev.moniker.routing.Route;
import dev.moniker.routing.RoutingTable;
import dev.moniker.routing.Target;
import dev.moniker.runtime.GatewayRuntime;
import dev.moniker.runtime.Snapshot;
import dev.moniker.stage.AttemptTarget;
import dev.moniker.stage.Intervention;
import dev.moniker.stage.StageChain;
import dev.moniker.stage.StagePlan;
import dev.moniker.stage.StagedStream;
import dev.moniker.stage.StagesAtStreamEnd;
import dev.moniker.translate.TargetFacts;
import dev.moniker.translate.Translation;
import dev.moniker.translate.TranslationException;
import dev.moniker.wire.GatewayError;
import dev.moniker.wire.Operation;
import dev.moniker.wire.RequestDocument;
import dev.moniker.wire.UpstreamReply;
import dev.moniker.wire.UsageScan;
import dev.moniker.wire.WireFormat;
import dev.moniker.wire.sse.StreamTransform;
import dev.moniker.wire.view.RequestView;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one request path, for both ingress APIs, top to bottom:
 *
 * <ol>
 *   <li>read the body and judge it ({@link RequestDocument}, in the caller's words: {@link IngressFormat});</li>
 *   <li>resolve the model (alias, provider model, default) to its attempt plan, in the current {@link Snapshot};</li>
 *   <li>run the plan's request stages;</li>
 *   <li>run the attempt loop (fallbacks, splits, pools, breakers): each attempt translates the request for its
 *       target's format ({@link Translation}) and calls the target's provider adapter;</li>
 *   <li>write the answer or stream that won through the answer and stream stages, or one clear error
 *       ({@link OutcomeWriter}).</li>
 * </ol>
 *
 * Runs on the Vert.x event loop and never blocks; an exchange reads one snapshot and uses it to its end.
 */
@ApplicationScoped
public class IngressPipeline {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(IngressPipeline.class);

    private final GatewayRuntime runtime;
    private final ObjectMapper mapper;
    private final GenAiMetrics genAi;

    private final boolean accessLog;
    private final io.opentelemetry.api.trace.Tracer tracer;

    IngressPipeline(GatewayRuntime runtime, ObjectMapper mapper, io.micrometer.core.instrument.MeterRegistry registry,
                    @org.eclipse.microprofile.config.inject.ConfigProperty(name = "moniker.access-log.enabled",
                            defaultValue = "false") boolean accessLog, io.opentelemetry.api.trace.Tracer tracer) {
        this.tracer = tracer;
        this.runtime = runtime;
        this.mapper = mapper;
        this.genAi = new GenAiMetrics(registry);
        this.accessLog = accessLog;
    }

    /** A request that passed the checks and its request stages, and the plan that serves it. */
    private record Accepted(RequestDocument document, Route route, Plan plan, StageChain stages, String key,
                            ConversationRecorder recorder, Metering metering) {

        Accepted with(RequestDocument continued) {
            return new Accepted(continued, route, plan, stages, key, recorder, metering);
        }
    }

    /** A spent limit, before the attempt loop: ends the run with the limit's 429. */
    private static final class Refused extends RuntimeException {
        final Refusal refusal;

        Refused(Refusal refusal) {
            super(refusal.error().message(), null, false, false);
            this.refusal = refusal;
        }
    }

    /**
     * Serves one request, writing the response. Returns what cancels it when the caller goes away: the attempt in
     * flight, or the stream being relayed.
     */
    public Cancellable handle(IngressFormat format, byte[] raw, HttpServerRequest request) {
        Snapshot snapshot = runtime.current();
        Accepted accepted;
        try {
            checkMediaType(request.getHeader("Content-Type"));
            ClientCredentials.KeyHolder caller = new ClientCredentials.KeyHolder();
            ClientCredentials.authenticate(snapshot.clientKeys(), format.presentedKey(request), caller)
                    .ifPresent(error -> {
                        throw new Stopped(error);
                    });
            accepted = accept(format, raw, snapshot, caller.key(), request::getHeader,
                    new Metering(new UsageScan(), ExchangeTrace.begin(tracer)));
        } catch (Stopped stopped) {
            answer(format, request, stopped);
            return OutcomeWriter.NOTHING_TO_CANCEL;
        } catch (RuntimeException bug) {
            // Never leave a request unanswered: a failure here is a bug, logged, and the caller gets one clear error.
            LOG.error("unexpected failure before the attempt loop", bug);
            ResponseWriter.error(request.response(), format,
                    new GatewayError(500, "api_error", "internal_error", null, "Internal gateway error"));
            return OutcomeWriter.NOTHING_TO_CANCEL;
        }
        CallerHeaders caller = format.callerHeaders(request);
        RequestFacts facts = RequestFacts.lazy(() -> format.user(accepted.document()), request::getHeader);
        OutcomeWriter writer = new OutcomeWriter(request.response(), format, accepted.route(), accepted.stages(), genAi,
                accepted.metering());
        if (accessLog) {
            writer.accessLog(accepted.key(), accepted.document().stream());
        }
        if (accepted.document().stream()) {
            StreamSlot slot = snapshot.limiter().openStream(accepted.key());
            if (slot.refusal().isPresent()) {
                writer.refused(slot.refusal().get().error(), slot.refusal().get().headers());
                return OutcomeWriter.NOTHING_TO_CANCEL;
            }
            writer.onEnd(slot.release());
        }
        Cancellable attempts = run(snapshot, format, accepted, caller, facts, request).subscribe().with(writer::write, failure -> {
            if (failure instanceof Refused refused) {
                writer.refused(refused.refusal.error(), refused.refusal.headers());
            } else if (failure instanceof dev.moniker.conversation.ConversationIncomplete incomplete) {
                writer.error(new GatewayError(400, "invalid_request_error", "conversation_incomplete",
                        "previous_response_id", incomplete.getMessage()));
            } else if (failure instanceof StoreUnavailable store) {
                LOG.warn(store.getMessage());
                writer.error(new GatewayError(503, "api_error", "store_unavailable", "previous_response_id",
                        "The conversation store is unavailable; the conversation cannot be continued now"));
            } else {
                writer.fail(failure);
            }
        });
        return () -> {
            attempts.cancel();
            writer.cancel();
        };
    }

    /** A request answered before routing: its error, or a stage's own reply. */
    private void answer(IngressFormat format, HttpServerRequest request, Stopped stopped) {
        ResponseWriter.guardrails(request.response(), stopped.notes);
        if (accessLog) {
            AccessLog.exchange(AccessLog.api(format),
                    stopped.model == null ? "-" : stopped.model, "-", stopped.error != null ? stopped.error.status()
                            : 200, stopped.stream, "-", "-", -1, -1, "-");
        }
        if (stopped.error != null) {
            ResponseWriter.error(request.response(), format, stopped.error);
        } else {
            ResponseWriter.ownReply(request.response(), stopped.stream,
                    format.reply(stopped.model, stopped.reply, stopped.stream));
        }
    }

    /** The attempt loop over the plan, after the key's budgets when it has any (a spent one ends it with its 429). */
    private Uni<AttemptLoop.Outcome> run(Snapshot snapshot, IngressFormat format, Accepted accepted,
                                         CallerHeaders caller, RequestFacts facts, HttpServerRequest request) {
        if (accepted.recorder() != null) {
            return Continuation.of(snapshot.conversations(), accepted.document(), accepted.recorder(), accepted.key(),
                    mapper).flatMap(continued -> attempts(snapshot, format, accepted.with(continued), caller, facts,
                    request));
        }
        return attempts(snapshot, format, accepted, caller, facts, request);
    }

    private Uni<AttemptLoop.Outcome> attempts(Snapshot snapshot, IngressFormat format, Accepted accepted,
                                              CallerHeaders caller, RequestFacts facts, HttpServerRequest request) {
        Uni<AttemptLoop.Outcome> run = snapshot.loop().run(accepted.plan(), facts,
                target -> attempt(snapshot, format, accepted, caller, target, request::getHeader));
        if (!snapshot.limiter().limits(accepted.key())) {
            return run;
        }
        return snapshot.limiter().admit(accepted.key()).flatMap(refusal -> refusal.isPresent()
                ? Uni.createFrom().failure(new Refused(refusal.get())) : run);
    }

    /**
     * JSON, or no {@code Content-Type} at all. Anything else is refused, which also keeps a web page from posting to
     * the gateway with a form or {@code text/plain} (kinds a browser sends cross-origin without asking first).
     */
    private static void checkMediaType(String contentType) {
        if (contentType == null) {
            return;
        }
        String type = contentType.split(";", 2)[0].trim().toLowerCase(java.util.Locale.ROOT);
        if (!type.equals("application/json") && !(type.startsWith("application/") && type.endsWith("+json"))) {
            throw new Stopped(new GatewayError(415, "invalid_request_error", "unsupported_media_type", null,
                    "Content-Type '" + type + "' is not supported; send the request body as application/json"));
        }
    }

    private Accepted accept(IngressFormat format, byte[] raw, Snapshot snapshot, ClientKey key,
                            java.util.function.Function<String, String> headers, Metering metering) {
        RequestDocument document;
        try {
            document = RequestDocument.parse(mapper, raw, format.operation().contentMember());
        } catch (RequestDocument.Malformed malformed) {
            throw new Stopped(format.malformed(malformed));
        }
        GatewayError invalid = format.check(document.shape());
        if (invalid != null) {
            throw new Stopped(invalid);
        }
        String requested = document.model();
        RoutingTable.Resolution resolution = snapshot.table().resolve(requested);
        Route route = resolution.route().orElseThrow(() -> new Stopped(snapshot.table().whyLeftOut(requested)
                .map(why -> format.wording().leftOut(requested, why))
                .orElseGet(() -> format.miss(resolution, requested))));
        // What the key must allow: the alias, or the provider model named (or the default model) directly.
        ClientCredentials.authorize(key, route.alias().orElse(route.target().displayName())).ifPresent(error -> {
            throw new Stopped(error);
        });
        Plan plan = snapshot.table().plan(route);
        ModelKinds.mismatch(format, plan, requested).ifPresent(error -> {
            throw new Stopped(error);
        });
        String keyName = key == null ? null : key.name();
        if (format.operation() == Operation.COUNT_TOKENS) {
            return new Accepted(document, route, plan, StagePlan.NONE.begin(), keyName, null, metering);
        }
        boolean metered = (snapshot.limiter().limits(keyName) || snapshot.limiter().hasRules())
                && snapshot.limiter().countsTokens(keyName, plan.targets().stream()
                .map(target -> UsageMeter.names(attemptTarget(target))).toList());
        List<dev.moniker.stage.Stage> own = new java.util.ArrayList<>(2);
        if (metered) {
            own.add(new UsageMeter(snapshot.limiter(), keyName, headers));
        }
        ConversationRecorder recorder = format.operation() != Operation.RESPONSES ? null
                : new ConversationRecorder(snapshot.conversations(), keyName, java.time.Clock.systemUTC());
        if (recorder != null) {
            own.add(recorder); // last: it keeps what every other stage let through
        }
        StageChain stages = snapshot.stagesFor(plan.name()).begin(own);
        stages.usageFrom(metering.usage()::usage);
        return new Accepted(stages.isEmpty() ? document : requestStages(format, document, stages, route), route, plan,
                stages, keyName, recorder, metering);
    }

    /** The request stages see a private copy of the request; what they changed is what the providers receive. */
    private RequestDocument requestStages(IngressFormat format, RequestDocument document, StageChain stages,
                                          Route route) {
        ObjectNode copy = document.privateTree();
        RequestView view = format.requestView(copy);
        Optional<Intervention> intervention = stages.onRequest(view);
        if (intervention.isPresent()) {
            String model = route.alias().orElse(route.target().displayName());
            throw switch (intervention.get()) {
                case Intervention.Refuse refuse -> new Stopped(refuse.error(), null, false, model, stages.notes());
                case Intervention.Reply reply -> format.carriesReplies()
                        ? new Stopped(null, reply.text(), document.stream(), model, stages.notes())
                        : new Stopped(new GatewayError(400, "invalid_request_error", "content_blocked", null,
                        reply.text()), null, false, model, stages.notes());
            };
        }
        return view.changed() ? RequestDocument.ofTree(mapper, copy, format.operation().contentMember()) : document;
    }

    /** One attempt: this target, in its wire format; its answer, or its stream head once the first chunk came. */
    private Uni<Answer> attempt(Snapshot snapshot, IngressFormat format, Accepted request, CallerHeaders caller,
                                Target target, java.util.function.Function<String, String> headers) {
        if (!snapshot.limiter().hasRules()) {
            return call(snapshot, format, request, caller, target);
        }
        AttemptTarget named = attemptTarget(target);
        return snapshot.limiter().attempt(UsageMeter.names(named), headers).flatMap(refusal -> refusal.isEmpty()
                ? call(snapshot, format, request, caller, target)
                // A 429 like a provider's, so a fallback on quota_exceeded still runs; without Retry-After and
                // marked as the gateway's own, so it does not cool the endpoint down for every other caller.
                : Uni.createFrom().item(new Answer.Complete(UpstreamReply.json(429,
                format.errorBody(refusal.get().error()), limitedHere(refusal.get().headers())))));
    }

    /**
     * A token count through an alias with guardrails is counted here for every target: the text it counts has not
     * been through the guards (no stage runs on a count), so it must not leave the gateway.
     */
    private static boolean countsHere(Snapshot snapshot, Operation operation, Plan plan) {
        return operation == Operation.COUNT_TOKENS && !snapshot.stagesFor(plan.name()).isEmpty();
    }

    /** The limit's headers but {@code retry-after}, marked as the gateway's own refusal (nothing cools down). */
    private static Map<String, List<String>> limitedHere(Map<String, String> headers) {
        Map<String, List<String>> kept = new java.util.LinkedHashMap<>();
        kept.put(AttemptLoop.LIMITED_HERE, List.of("ratelimits"));
        headers.forEach((name, value) -> {
            if (!name.equals("retry-after")) {
                kept.put(name, List.of(value));
            }
        });
        return kept;
    }

    private static AttemptTarget attemptTarget(Target target) {
        return new AttemptTarget(target.upstream().id(), target.displayName(), target.modelId(),
                target.upstream().kind().takesMaxCompletionTokens());
    }

    private Uni<Answer> call(Snapshot snapshot, IngressFormat format, Accepted request, CallerHeaders caller,
                             Target target) {
        UpstreamClient client = snapshot.clients().client(target.upstream());
        ProviderKind kind = target.upstream().kind();
        RequestDocument document = request.document();
        if (request.stages().seesAttempts()) {
            ObjectNode copy = document.privateTree();
            RequestView view = format.requestView(copy);
            Optional<GatewayError> refused = request.stages().onAttempt(attemptTarget(target), view);
            if (refused.isPresent()) {
                // The caller's fault, relayed as is and never a fallback, like a request the target cannot carry.
                return Uni.createFrom().item(new Answer.Complete(UpstreamReply.json(refused.get().status(),
                        format.errorBody(refused.get()), Map.of())));
            }
            document = view.changed() ? RequestDocument.ofTree(mapper, copy, format.operation().contentMember())
                    : document;
        }
        Operation operation = format.operation();
        Translation translation = countsHere(snapshot, operation, request.plan())
                ? snapshot.translations().countLocally(document)
                : snapshot.translations().of(operation, format.wire(), new TargetFacts(kind.wireFormat(),
                kind.takesMaxCompletionTokens(), target.upstream().servesResponses()), document,
                request.stages().needsUsage());
        if (translation.answersLocally()) {
            return translation.answerLocally(target.modelId()).map(Answer.Complete::new);
        }
        Buffer body;
        try {
            body = translation.request(target.modelId());
        } catch (TranslationException e) {
            // A request this target's format cannot carry: a caller fault, relayed as is, never a fallback.
            Buffer error = format.errorBody(GatewayError.invalidRequest(e.param(), e.getMessage()));
            return Uni.createFrom().item(new Answer.Complete(UpstreamReply.json(400, error, Map.of())));
        }
        UsageScan usage = request.metering().usage();
        usage.reset(kind.wireFormat() == WireFormat.BEDROCK); // what counts is what the serving attempt reports
        if (document.stream()) {
            StreamTransform transform = usage.watching(translation.stream());
            if (request.stages().readsStreamEvents()) {
                transform = new StagedStream(transform, request.stages(), format.eventViews(), format::errorEvent);
            } else if (!request.stages().isEmpty()) {
                transform = new StagesAtStreamEnd(transform, request.stages()); // unparsed: they act at its end
            }
            return request.metering().trace().attempt(format.genAiOperation(), target, client.stream(
                    translation.sentAs().orElse(operation), target.modelId(), body, caller, transform, translation::error));
        }
        return request.metering().trace().attempt(format.genAiOperation(), target, client.complete(
                translation.sentAs().orElse(operation), target.modelId(), body, caller).map(reply -> {
                    usage.accept(reply.body());
                    return new Answer.Complete(reply.isSuccess() ? translation.answer(reply) : translation.error(reply));
                }));
    }
}
