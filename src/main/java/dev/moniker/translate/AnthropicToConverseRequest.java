package dev.moniker.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;
import java.util.Set;

/**
 * Anthropic Messages request -> Bedrock Converse request. The two are close: a separate system prompt, turns of
 * content blocks, tool use and tool results as blocks. OpenAI callers reach Converse through this too, after
 * {@link OpenAiToAnthropicRequest}, so there is one mapping to keep right. A pure function of its input.
 *
 * <p>The model travels in the URL, the stream flag in the endpoint ({@code converse} or {@code converse-stream}).
 * What Converse cannot carry (images by URL, documents, thinking, {@code top_k}, {@code tool_choice: none}) is
 * refused with {@link TranslationException}, never dropped.
 */
final class AnthropicToConverseRequest {

    /** Members that travel, or need not (Anthropic's {@code metadata.user_id} has no Converse counterpart). */
    private static final Set<String> KNOWN = Set.of("model", "messages", "system", "max_tokens", "temperature",
            "top_p", "stop_sequences", "stream", "tools", "tool_choice", "metadata");
    private static final Map<String, String> IMAGE_FORMATS = Map.of("image/png", "png", "image/jpeg", "jpeg",
            "image/gif", "gif", "image/webp", "webp");

    private AnthropicToConverseRequest() {
    }

    static ObjectNode translate(JsonNode anthropic) {
        anthropic.fieldNames().forEachRemaining(name -> {
            if (!KNOWN.contains(name)) {
                throw new TranslationException(name, "'" + name + "' cannot be sent to a Bedrock Converse model");
            }
        });
        ObjectNode out = Json.object();
        out.set("messages", messages(anthropic.path("messages")));
        ArrayNode system = system(anthropic.get("system"));
        if (!system.isEmpty()) {
            out.set("system", system);
        }
        ObjectNode inference = Json.object();
        copy(anthropic, "max_tokens", inference, "maxTokens");
        copy(anthropic, "temperature", inference, "temperature");
        copy(anthropic, "top_p", inference, "topP");
        copy(anthropic, "stop_sequences", inference, "stopSequences");
        if (!inference.isEmpty()) {
            out.set("inferenceConfig", inference);
        }
        JsonNode tools = anthropic.get("tools");
        if (tools != null && tools.isArray() && !tools.isEmpty()) {
            out.set("toolConfig", toolConfig(tools, anthropic.get("tool_choice")));
        } else if (anthropic.hasNonNull("tool_choice")) {
            throw new TranslationException("tool_choice", "'tool_choice' needs 'tools' for a Bedrock Converse model");
        }
        return out;
    }

    private static ArrayNode system(JsonNode system) {
        ArrayNode out = Json.array();
        if (system == null || system.isNull()) {
            return out;
        }
        if (system.isTextual()) {
            out.addObject().put("text", system.asText());
            return out;
        }
        for (int i = 0; i < system.size(); i++) {
            JsonNode block = system.get(i);
            if (!"text".equals(Json.text(block, "type"))) {
                throw new TranslationException("system[" + i + "]", "Only text system blocks can be sent to a "
                        + "Bedrock Converse model");
            }
            out.addObject().put("text", Json.text(block, "text"));
        }
        return out;
    }

    private static ArrayNode messages(JsonNode messages) {
        ArrayNode out = Json.array();
        for (int i = 0; i < messages.size(); i++) {
            JsonNode message = messages.get(i);
            ObjectNode turn = out.addObject();
            turn.put("role", Json.text(message, "role"));
            ArrayNode content = turn.putArray("content");
            JsonNode blocks = message.get("content");
            if (blocks != null && blocks.isTextual()) {
                content.addObject().put("text", blocks.asText());
                continue;
            }
            for (int j = 0; blocks != null && j < blocks.size(); j++) {
                content.add(block(blocks.get(j), "messages[" + i + "].content[" + j + "]"));
            }
        }
        return out;
    }

    private static ObjectNode block(JsonNode block, String param) {
        String type = String.valueOf(Json.text(block, "type"));
        ObjectNode out = Json.object();
        switch (type) {
            case "text" -> out.put("text", Json.text(block, "text"));
            case "image" -> out.set("image", image(block.path("source"), param));
            case "tool_use" -> {
                ObjectNode use = out.putObject("toolUse");
                use.put("toolUseId", Json.text(block, "id"));
                use.put("name", Json.text(block, "name"));
                use.set("input", block.has("input") ? block.get("input").deepCopy() : Json.object());
            }
            case "tool_result" -> out.set("toolResult", toolResult(block, param));
            default -> throw new TranslationException(param, "Content of type '" + type + "' cannot be sent to a "
                    + "Bedrock Converse model");
        }
        return out;
    }

    private static ObjectNode image(JsonNode source, String param) {
        String format = IMAGE_FORMATS.get(String.valueOf(Json.text(source, "media_type")));
        if (!"base64".equals(Json.text(source, "type")) || format == null) {
            throw new TranslationException(param, "Bedrock Converse takes images as base64 PNG, JPEG, GIF or WebP "
                    + "data, not by URL");
        }
        ObjectNode image = Json.object().put("format", format);
        image.putObject("source").put("bytes", Json.text(source, "data"));
        return image;
    }

    private static ObjectNode toolResult(JsonNode block, String param) {
        ObjectNode result = Json.object();
        result.put("toolUseId", Json.text(block, "tool_use_id"));
        ArrayNode content = result.putArray("content");
        JsonNode given = block.get("content");
        if (given == null || given.isNull() || given.isTextual()) {
            content.addObject().put("text", given == null || given.isNull() ? "" : given.asText());
        } else {
            for (int k = 0; k < given.size(); k++) {
                JsonNode part = given.get(k);
                String type = String.valueOf(Json.text(part, "type"));
                if (type.equals("text")) {
                    content.addObject().put("text", Json.text(part, "text"));
                } else if (type.equals("image")) {
                    content.addObject().set("image", image(part.path("source"), param + ".content[" + k + "]"));
                } else {
                    throw new TranslationException(param + ".content[" + k + "]", "Tool result content of type '"
                            + type + "' cannot be sent to a Bedrock Converse model");
                }
            }
        }
        if (block.path("is_error").asBoolean(false)) {
            result.put("status", "error");
        }
        return result;
    }

    private static ObjectNode toolConfig(JsonNode tools, JsonNode choice) {
        ObjectNode config = Json.object();
        ArrayNode specs = config.putArray("tools");
        for (int i = 0; i < tools.size(); i++) {
            JsonNode tool = tools.get(i);
            if (tool.has("type") && !"custom".equals(Json.text(tool, "type"))) {
                throw new TranslationException("tools[" + i + "]", "Anthropic's built-in tool '"
                        + Json.text(tool, "type") + "' cannot be sent to a Bedrock Converse model");
            }
            ObjectNode spec = specs.addObject().putObject("toolSpec");
            spec.put("name", Json.text(tool, "name"));
            if (tool.hasNonNull("description")) {
                spec.put("description", Json.text(tool, "description"));
            }
            spec.putObject("inputSchema").set("json", tool.has("input_schema")
                    ? tool.get("input_schema").deepCopy() : Json.object().put("type", "object"));
        }
        if (choice != null && !choice.isNull()) {
            String type = String.valueOf(Json.text(choice, "type"));
            ObjectNode out = config.putObject("toolChoice");
            switch (type) {
                case "auto" -> out.putObject("auto");
                case "any" -> out.putObject("any");
                case "tool" -> out.putObject("tool").put("name", Json.text(choice, "name"));
                default -> throw new TranslationException("tool_choice", "tool_choice '" + type + "' cannot be sent "
                        + "to a Bedrock Converse model (it knows auto, any and a named tool)");
            }
        }
        return config;
    }

    private static void copy(JsonNode from, String name, ObjectNode to, String as) {
        JsonNode value = from.get(name);
        if (value != null && !value.isNull()) {
            to.set(as, value.deepCopy());
        }
    }
}
