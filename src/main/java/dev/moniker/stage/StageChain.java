package dev.moniker.stage;

import dev.moniker.wire.GatewayError;
import dev.moniker.wire.view.AnswerView;
import dev.moniker.wire.view.RequestView;
import dev.moniker.wire.view.StreamEventView;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** One request's stages, applied in order; the first that refuses ends the chain. */
public final class StageChain {

    static final StageChain NONE = new StageChain(List.of());

    private final List<Stage> stages;
    /** The stages that read stream events ({@link Stage#readsStreamEvents}): the only ones each event is shown to. */
    private final Stage[] eventReaders;
    /** Where the answer's or stream's usage is found (the exchange's scan of the provider's bytes). */
    private java.util.function.Supplier<Optional<dev.moniker.wire.view.Usage>> usage = Optional::empty;

    StageChain(List<Stage> stages) {
        this.stages = stages;
        this.eventReaders = stages.stream().filter(Stage::readsStreamEvents).toArray(Stage[]::new);
    }

    /** Where the usage is read before {@link #onAnswer} and at a stream's end, for {@link Stage#onUsage}. */
    public void usageFrom(java.util.function.Supplier<Optional<dev.moniker.wire.view.Usage>> source) {
        if (!stages.isEmpty()) { // NONE is shared
            this.usage = source;
        }
    }

    /** Whether any stage reads stream events; if none does, streams go unparsed ({@link StagesAtStreamEnd}). */
    public boolean readsStreamEvents() {
        return eventReaders.length > 0;
    }

    /** Whether any stage needs a stream's usage, so the provider must be asked to report it. */
    public boolean needsUsage() {
        return stages.stream().anyMatch(Stage::needsUsage);
    }

    public boolean isEmpty() {
        return stages.isEmpty();
    }

    public Optional<Intervention> onRequest(RequestView request) {
        for (Stage stage : stages) {
            Optional<Intervention> intervention = stage.onRequest(request);
            if (intervention.isPresent()) {
                return intervention;
            }
        }
        return Optional.empty();
    }

    /** Every stage's {@link Stage#settled} work, one after the other; failures are the stages' own business. */
    public io.smallrye.mutiny.Uni<Void> settled() {
        io.smallrye.mutiny.Uni<Void> all = io.smallrye.mutiny.Uni.createFrom().voidItem();
        for (Stage stage : stages) {
            all = all.flatMap(done -> stage.settled().onFailure().recoverWithNull());
        }
        return all;
    }

    /** Whether a stage rewrites or withholds the answer's text ({@link Stage#rewritesOutput}). */
    public boolean rewritesOutput() {
        return stages.stream().anyMatch(Stage::rewritesOutput);
    }

    /** Whether any stage wants {@link #onAttempt}. */
    public boolean seesAttempts() {
        return stages.stream().anyMatch(Stage::seesAttempts);
    }

    public Optional<GatewayError> onAttempt(AttemptTarget target, RequestView request) {
        return first(stage -> stage.onAttempt(target, request));
    }

    /** The answer's usage to every stage, then the answer to each in turn. */
    public Optional<GatewayError> onAnswer(AnswerView answer) {
        usage.get().ifPresent(reported -> stages.forEach(stage -> stage.onUsage(reported)));
        return first(stage -> stage.onAnswer(answer));
    }

    /** A stream (an attempt's) begins: the stages that read its events start afresh. */
    public void onStreamStart() {
        for (Stage stage : eventReaders) {
            stage.onStreamStart();
        }
    }

    /** One event to each stage that reads events, in order (a loop, not a lambda: this runs for every event). */
    public Optional<GatewayError> onStreamEvent(StreamEventView event) {
        for (Stage stage : eventReaders) {
            Optional<GatewayError> refused = stage.onStreamEvent(event);
            if (refused.isPresent()) {
                return refused;
            }
        }
        return Optional.empty();
    }

    /** The stream's usage to every stage, then what every stage wants sent before its last bytes, in order. */
    public String onStreamEnd() {
        usage.get().ifPresent(reported -> stages.forEach(stage -> stage.onUsage(reported)));
        StringBuilder out = new StringBuilder();
        stages.forEach(stage -> out.append(stage.onStreamEnd()));
        return out.toString();
    }

    /**
     * What the stages did, for the {@code x-moniker-guardrails} header; empty when nothing. Counted notes of the
     * same kind ({@code redacted=sensitive_data:1} from the request and {@code :2} from the answer) are summed.
     */
    public List<String> notes() {
        java.util.Map<String, Integer> counted = new java.util.TreeMap<>();
        List<String> plain = new java.util.ArrayList<>();
        for (Stage stage : stages) {
            for (String note : stage.notes()) {
                int colon = note.lastIndexOf(':');
                if (colon > 0 && note.substring(colon + 1).chars().allMatch(Character::isDigit)) {
                    counted.merge(note.substring(0, colon), Integer.parseInt(note.substring(colon + 1)), Integer::sum);
                } else if (!plain.contains(note)) {
                    plain.add(note);
                }
            }
        }
        counted.forEach((kind, count) -> plain.add(kind + ":" + count));
        return plain;
    }

    /** Every stage's response headers; a later stage's value wins over an earlier one's. */
    public java.util.Map<String, String> headers() {
        java.util.Map<String, String> headers = new java.util.LinkedHashMap<>();
        stages.forEach(stage -> headers.putAll(stage.headers()));
        return headers;
    }

    private Optional<GatewayError> first(Function<Stage, Optional<GatewayError>> step) {
        for (Stage stage : stages) {
            Optional<GatewayError> refused = step.apply(stage);
            if (refused.isPresent()) {
                return refused;
            }
        }
        return Optional.empty();
    }
}
