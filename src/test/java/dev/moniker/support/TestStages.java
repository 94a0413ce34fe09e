package dev.moniker.support;

import dev.moniker.stage.Intervention;
import dev.moniker.stage.Stage;
import dev.moniker.stage.StageFactory;
import dev.moniker.stage.StageSource;
import dev.moniker.wire.GatewayError;
import dev.moniker.wire.view.AnswerView;
import dev.moniker.wire.view.RequestView;
import dev.moniker.wire.view.StreamEventView;
import dev.moniker.wire.view.TextPart;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Stages for the aliases named {@code staged.*} in gateway-test.yaml, to prove the seam end to end: requests have
 * {@code SECRET-TOKEN} replaced and are refused when they say {@code forbidden}; answers and stream deltas are
 * upper-cased; {@code staged.strict.*} also refuses any answer or delta that says {@code HELLO}. Every other alias
 * gets no stage, so the rest of the suite runs the stage-free path.
 */
@ApplicationScoped
public class TestStages implements StageSource {

    public static final String REFUSED_INPUT = "the test stage refuses 'forbidden'";
    public static final String REFUSED_OUTPUT = "the test stage refuses 'HELLO'";

    /** What the stream stages saw of each event: usage and finish reasons, in order (the last request's). */
    public static final List<String> SEEN = java.util.Collections.synchronizedList(new ArrayList<>());

    @Override
    public List<StageFactory> stagesFor(String plan) {
        if (!plan.startsWith("staged.")) {
            return List.of();
        }
        List<StageFactory> stages = new ArrayList<>();
        stages.add(Rewriting::new);
        if (plan.startsWith("staged.strict.")) {
            stages.add(Refusing::new);
        }
        return stages;
    }

    private static final class Rewriting implements Stage {
        @Override
        public Optional<Intervention> onRequest(RequestView request) {
            SEEN.clear();
            for (TextPart part : request.texts()) {
                if (part.text().contains("forbidden")) {
                    return Optional.of(new Intervention.Refuse(new GatewayError(400, "invalid_request_error",
                            "content_filter", null, REFUSED_INPUT)));
                }
                if (part.text().contains("SECRET-TOKEN")) {
                    part.replace(part.text().replace("SECRET-TOKEN", "[redacted]"));
                }
            }
            return Optional.empty();
        }

        @Override
        public Optional<GatewayError> onAnswer(AnswerView answer) {
            answer.texts().forEach(part -> part.replace(part.text().toUpperCase(Locale.ROOT)));
            answer.usage().ifPresent(usage -> SEEN.add("usage " + usage.inputTokens() + "/" + usage.outputTokens()));
            return Optional.empty();
        }

        @Override
        public Optional<GatewayError> onStreamEvent(StreamEventView event) {
            event.textDelta().ifPresent(part -> part.replace(part.text().toUpperCase(Locale.ROOT)));
            event.finishReason().ifPresent(reason -> SEEN.add("finish " + reason));
            event.usage().ifPresent(usage -> SEEN.add("usage " + usage.inputTokens() + "/" + usage.outputTokens()));
            return Optional.empty();
        }
    }

    private static final class Refusing implements Stage {
        private static Optional<GatewayError> refuse(String text) {
            return text.contains("HELLO") ? Optional.of(new GatewayError(400, "invalid_request_error",
                    "content_filter", null, REFUSED_OUTPUT)) : Optional.empty();
        }

        @Override
        public Optional<GatewayError> onAnswer(AnswerView answer) {
            return refuse(String.join(" ", answer.texts().stream().map(TextPart::text).toList()));
        }

        @Override
        public Optional<GatewayError> onStreamEvent(StreamEventView event) {
            return event.textDelta().map(TextPart::text).flatMap(Refusing::refuse);
        }
    }
}
