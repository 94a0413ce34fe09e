package dev.moniker.ingress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.moniker.stage.StageChain;
import dev.moniker.wire.GatewayError;
import dev.moniker.wire.UpstreamReply;
import dev.moniker.wire.view.AnswerView;
import io.vertx.core.buffer.Buffer;

import java.io.IOException;
import java.util.Optional;

/**
 * Runs the answer stages on a complete, successful answer in the caller's format. Without stages the answer's bytes
 * are not even parsed.
 */
final class AnswerStages {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The answer to write, or the error a stage refused it with. */
    record Result(UpstreamReply reply, GatewayError refused) {
    }

    private final IngressFormat format;
    private final StageChain stages;

    AnswerStages(IngressFormat format, StageChain stages) {
        this.format = format;
        this.stages = stages;
    }

    Result apply(UpstreamReply reply) {
        if (stages.isEmpty() || !reply.isSuccess()) {
            return new Result(reply, null);
        }
        ObjectNode answer = parse(reply.body());
        if (answer == null) {
            return new Result(reply, null); // not JSON: nothing a stage could read
        }
        AnswerView view = format.answerView(answer);
        Optional<GatewayError> refused = stages.onAnswer(view);
        if (refused.isPresent()) {
            return new Result(null, refused.get());
        }
        return new Result(view.changed() ? reply.withBody(Buffer.buffer(answer.toString())) : reply, null);
    }

    private static ObjectNode parse(Buffer body) {
        try {
            JsonNode node = MAPPER.readTree(body.getBytes());
            return node instanceof ObjectNode object ? object : null;
        } catch (IOException e) {
            return null;
        }
    }
}
