package dev.moniker.conversation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.moniker.stage.Stage;
import dev.moniker.wire.GatewayError;
import dev.moniker.wire.view.AnswerView;
import dev.moniker.wire.view.RequestView;
import dev.moniker.wire.view.StreamEventView;
import dev.moniker.stage.Intervention;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.Optional;

/**
 * The stage that keeps a Responses API conversation: it reads the request's input (as the guardrails left it), is
 * told the stored conversation the request continues ({@link #continues}), and stores the whole conversation with
 * the response once it is complete: a JSON answer, or a stream's {@code response.completed}. Nothing is stored for
 * {@code store: false}. Runs last, after every stage that may change the request or the answer.
 */
public final class ConversationRecorder implements Stage {

    private static final Logger LOG = Logger.getLogger(ConversationRecorder.class);

    private final ConversationStore store;
    private final String owner;
    private final Clock clock;
    private ArrayNode history = JsonNodeFactory.instance.arrayNode();
    /** The stored response this request continues, or null. */
    private String previous;
    private ArrayNode input = JsonNodeFactory.instance.arrayNode();
    private boolean keep = true;
    private boolean saved;
    /** The write of this response, once started: a JSON answer waits for it ({@link #settled}). */
    private io.smallrye.mutiny.Uni<Void> pending = io.smallrye.mutiny.Uni.createFrom().voidItem();

    /** @param owner the caller's client key name, or {@code null} */
    public ConversationRecorder(ConversationStore store, String owner, Clock clock) {
        this.store = store;
        this.owner = owner;
        this.clock = clock;
    }

    /** The stored response this request continues ({@code previous_response_id}), and its conversation. */
    public void continues(String previousId, ArrayNode earlier) {
        previous = previousId;
        history = earlier;
    }

    @Override
    public Optional<Intervention> onRequest(RequestView request) {
        request.document().ifPresent(body -> {
            keep = body.path("store").asBoolean(true);
            input = items(body.get("input"));
        });
        return Optional.empty();
    }

    @Override
    public Optional<GatewayError> onAnswer(AnswerView answer) {
        answer.document().ifPresent(this::save);
        return Optional.empty();
    }

    @Override
    public Optional<GatewayError> onStreamEvent(StreamEventView event) {
        String name = event.name();
        if ("response.completed".equals(name) || "response.incomplete".equals(name)) {
            event.json().map(data -> data.get("response")).filter(JsonNode::isObject)
                    .ifPresent(response -> save((ObjectNode) response));
        }
        return Optional.empty();
    }

    private void save(ObjectNode response) {
        String id = response.path("id").textValue();
        if (!keep || saved || id == null) {
            return;
        }
        saved = true;
        ArrayNode conversation = JsonNodeFactory.instance.arrayNode();
        conversation.addAll(history);
        conversation.addAll(input);
        response.path("output").forEach(item -> conversation.add(item.deepCopy()));
        pending = store.put(new StoredResponse(id, response.deepCopy(), conversation, owner, clock.instant(),
                        previous, history.size()))
                .onFailure().invoke(failure -> LOG.debugf("response %s was not stored: %s", id, failure.getMessage()))
                .memoize().indefinitely();
        pending.subscribe().with(stored -> { }, failure -> { }); // started now; the answer or the stream's end waits
    }

    /** A JSON answer is written once its conversation is stored (or the store failed): backpressure, not drops. */
    @Override
    public io.smallrye.mutiny.Uni<Void> settled() {
        return pending;
    }

    /** The request's input as items: a string is one user message. */
    static ArrayNode items(JsonNode input) {
        ArrayNode items = JsonNodeFactory.instance.arrayNode();
        if (input != null && input.isTextual()) {
            items.addObject().put("role", "user").put("content", input.asText());
        } else if (input != null && input.isArray()) {
            input.forEach(item -> items.add(item.deepCopy()));
        }
        return items;
    }
}
