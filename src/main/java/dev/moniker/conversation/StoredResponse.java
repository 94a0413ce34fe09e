package dev.moniker.conversation;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;

/**
 * One stored Responses API answer.
 *
 * @param id           the response id ({@code resp_...})
 * @param response     the response object as the caller received it
 * @param conversation every item of the conversation up to and including this response's output: what a request
 *                     naming it as {@code previous_response_id} continues from
 * @param owner        the client key that made it ({@code null} without {@code client_keys}): only that key may
 *                     read, continue or delete it
 * @param storedAt     when it was stored (retention counts from here)
 * @param previous     the stored response this one continues, or {@code null}: a store may keep only this turn's
 *                     items and the link, and rebuild the conversation by following it
 * @param turnStart    where this response's own turn (its input, then its output) begins in {@code conversation}
 */
public record StoredResponse(String id, ObjectNode response, ArrayNode conversation, String owner, Instant storedAt,
                             String previous, int turnStart) {

    /** A response that continues nothing: its conversation is its own turn. */
    public StoredResponse(String id, ObjectNode response, ArrayNode conversation, String owner, Instant storedAt) {
        this(id, response, conversation, owner, storedAt, null, 0);
    }

    /** This response's own items: what a store that follows {@link #previous} keeps. */
    public ArrayNode turn() {
        ArrayNode turn = conversation.arrayNode();
        for (int i = turnStart; i < conversation.size(); i++) {
            turn.add(conversation.get(i));
        }
        return turn;
    }

    /** Whether the caller holding {@code key} (a key name, or {@code null}) may see this response. */
    public boolean visibleTo(String key) {
        return java.util.Objects.equals(owner, key);
    }
}
