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

    /**
     * @param texts       the request's text parts, in order, as the format finds them
     * @param limitFields the members that may carry the output limit, the preferred one first
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
        for (String field : limitFields) {
            JsonNode limit = body.get(field);
            if (limit != null && limit.canConvertToLong()) {
                return OptionalLong.of(limit.asLong());
            }
        }
        return OptionalLong.empty();
    }

    @Override
    public List<TextPart> texts() {
        return texts;
    }
}
