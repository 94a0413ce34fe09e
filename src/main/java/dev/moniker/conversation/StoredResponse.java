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
 */
public record StoredResponse(String id, ObjectNode response, ArrayNode conversation, String owner, Instant storedAt) {

    /** Whether the caller holding {@code key} (a key name, or {@code null}) may see this response. */
    public boolean visibleTo(String key) {
        return java.util.Objects.equals(owner, key);
    }
}
