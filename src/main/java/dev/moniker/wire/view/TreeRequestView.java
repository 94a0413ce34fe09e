package dev.moniker.wire.view;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.OptionalLong;

/** A request view over a JSON request tree, which it reads and changes in place; the format decides the texts. */
public final class TreeRequestView implements RequestView {

    private final ObjectNode body;
    private final List<TextPart> texts;
    private final List<String> limitFields;
    private boolean membersChanged;

    /**
     * @param texts       the request's text parts, in order, as the format finds them
     * @param limitFields the members that may carry the output limit: {@code max_tokens} last; none for a request
     *                    that writes no tokens (embeddings), whose output limit is 0
     */
    public TreeRequestView(ObjectNode body, List<TextPart> texts, List<String> limitFields) {
        this.body = body;
        this.texts = List.copyOf(texts);
        this.limitFields = limitFields;
    }

    @Override
    public String model() {
        return body.path("model").textValue();
    }

    @Override
    public boolean stream() {
        return body.path("stream").asBoolean(false);
    }

    @Override
    public OptionalLong maxOutputTokens() {
        if (limitFields.isEmpty()) {
            return OptionalLong.of(0);
        }
        for (String field : limitFields) {
            JsonNode limit = body.get(field);
            if (limit != null && limit.canConvertToLong()) {
                return OptionalLong.of(limit.asLong());
            }
        }
        return OptionalLong.empty();
    }

    @Override
    public void limitOutputTokens(long tokens, boolean completionField) {
        if (limitFields.isEmpty()) {
            return;
        }
        limitFields.forEach(body::remove);
        String field = completionField && limitFields.contains("max_completion_tokens")
                ? "max_completion_tokens" : limitFields.get(limitFields.size() - 1);
        body.put(field, tokens);
        membersChanged = true;
    }

    @Override
    public List<TextPart> texts() {
        return texts;
    }

    @Override
    public java.util.Optional<ObjectNode> document() {
        return java.util.Optional.of(body);
    }

    @Override
    public boolean changed() {
        return membersChanged || texts.stream().anyMatch(TextPart::replaced);
    }
}
