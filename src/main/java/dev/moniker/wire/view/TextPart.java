package dev.moniker.wire.view;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * One piece of text a person or a model wrote, wherever the wire format keeps it (a message's {@code content}
 * string, a text part or block, a system prompt), which a stage may read and replace in place.
 */
public class TextPart {
    private final ObjectNode holder;
    private final String field;
    private final String role;
    private boolean replaced;

    /**
     * @param holder the JSON object that holds the text
     * @param field  the member of {@code holder} that is the text
     * @param role   who wrote it: {@code system}, {@code user}, {@code assistant}, {@code tool}
     */
    public TextPart(ObjectNode holder, String field, String role) {
        this.holder = holder;
        this.field = field;
        this.role = role;
    }

    public String role() {
        return role;
    }

    public String text() {
        return holder.path(field).asText("");
    }

    public void replace(String text) {
        holder.put(field, text);
        replaced = true;
    }

    /** For a text found without a tree (a stream event's raw JSON): {@link #text} and {@link #replace} overridden. */
    protected TextPart(String role) {
        this(null, null, role);
    }

    protected void markReplaced() {
        replaced = true;
    }

    public boolean replaced() {
        return replaced;
    }

    /**
     * Adds the text of {@code holder.field} to {@code out}: the string itself, or each {@code {"type":"text","text"}}
     * element when it is an array (OpenAI content parts and Anthropic content blocks share that shape).
     */
    public static void collect(List<TextPart> out, JsonNode holder, String field, String role) {
        JsonNode value = holder == null ? null : holder.get(field);
        if (value == null) {
            return;
        }
        if (value.isTextual() && holder instanceof ObjectNode object) {
            out.add(new TextPart(object, field, role));
        } else if (value.isArray()) {
            for (JsonNode element : value) {
                if (element instanceof ObjectNode part && "text".equals(part.path("type").asText())
                        && part.path("text").isTextual()) {
                    out.add(new TextPart(part, "text", role));
                }
            }
        }
    }
}
