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

    StageChain(List<Stage> stages) {
        this.stages = stages;
    }

    public boolean isEmpty() {
        return stages.isEmpty();
    }

    public Optional<GatewayError> onRequest(RequestView request) {
        return first(stage -> stage.onRequest(request));
    }

    public Optional<GatewayError> onAnswer(AnswerView answer) {
        return first(stage -> stage.onAnswer(answer));
    }

    public Optional<GatewayError> onStreamEvent(StreamEventView event) {
        return first(stage -> stage.onStreamEvent(event));
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
