package dev.moniker.translate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.vertx.core.buffer.Buffer;

import java.util.Optional;

/** Small Jackson helpers shared by the translators. */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Json() {
    }

    static ObjectNode object() {
        return NODES.objectNode();
    }

    static ArrayNode array() {
        return NODES.arrayNode();
    }

    /** The text of a field, or {@code null} when absent, null or not a string. */
    static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }

    static boolean present(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && !value.isNull() && !value.isMissingNode();
    }

    /** Parses JSON text; empty when it is not JSON. */
    static Optional<JsonNode> parse(String text) {
        try {
            return Optional.ofNullable(MAPPER.readTree(text));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    /** Parses a provider's answer body; {@code null} when it is empty or not JSON. */
    static JsonNode read(Buffer body) {
        try {
            return body == null || body.length() == 0 ? null : MAPPER.readTree(body.getBytes());
        } catch (java.io.IOException e) {
            return null;
        }
    }

    static String write(JsonNode node) {
        return node.toString();
    }
}
