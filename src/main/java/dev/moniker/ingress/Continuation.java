package dev.moniker.ingress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.moniker.conversation.ConversationIncomplete;
import dev.moniker.conversation.ConversationRecorder;
import dev.moniker.conversation.ConversationStore;
import dev.moniker.wire.RequestDocument;
import io.smallrye.mutiny.Uni;

/**
 * {@code previous_response_id} on a Responses request: when the gateway stored that response (for this caller),
 * the request sent to every target carries the whole conversation in {@code input} and no
 * {@code previous_response_id}, so any target can continue it, whatever served the earlier turns. A response the
 * gateway does not know is left to the target: OpenAI may know it; a translated target refuses it.
 */
final class Continuation {

    private Continuation() {
    }

    static Uni<RequestDocument> of(ConversationStore store, RequestDocument document, ConversationRecorder recorder,
                                   String owner, ObjectMapper mapper) {
        String previous = document.tree().path("previous_response_id").textValue();
        if (previous == null) {
            return Uni.createFrom().item(document);
        }
        return store.get(previous).map(found -> found.filter(stored -> stored.visibleTo(owner)).map(stored -> {
            if (stored.conversation() == null) {
                throw new ConversationIncomplete(stored.id());
            }
            recorder.continues(stored.id(), stored.conversation());
            ObjectNode continued = document.tree().deepCopy();
            continued.remove("previous_response_id");
            ArrayNode input = stored.conversation().deepCopy();
            JsonNode own = document.tree().get("input");
            if (own != null && own.isTextual()) {
                input.addObject().put("role", "user").put("content", own.asText());
            } else if (own != null && own.isArray()) {
                own.forEach(item -> input.add(item.deepCopy()));
            }
            continued.set("input", input);
            return RequestDocument.ofTree(mapper, continued, "input");
        }).orElse(document));
    }
}
