package dev.moniker.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Anthropic Messages request -> OpenAI chat-completions request, for {@code /v1/messages} callers routed to an
 * OpenAI-format provider. A pure function of its input (never modified). What maps, what is dropped and what is
 * refused is listed in {@code docs/anthropic.md}.
 */
public final class AnthropicToOpenAiRequest {

    private AnthropicToOpenAiRequest() {
    }

    /**
     * @param anthropic           the caller's request
     * @param model               the provider's model id
     * @param maxCompletionTokens send the limit as {@code max_completion_tokens} (OpenAI and Azure, whose newer
     *                            models refuse {@code max_tokens}) rather than {@code max_tokens} (the field
     *                            OpenAI-compatible servers know)
     */
    public static ObjectNode translate(JsonNode anthropic, String model, boolean maxCompletionTokens) {
        ObjectNode out = Json.object();
        out.put("model", model);
        ArrayNode messages = out.putArray("messages");
        JsonNode system = anthropic.get("system");
        if (system != null && !system.isNull()) {
            messages.addObject().put("role", "system").put("content", text(system, "system"));
        }
        JsonNode input = anthropic.path("messages");
        for (int i = 0; i < input.size(); i++) {
            JsonNode message = input.get(i);
            String role = Json.text(message, "role");
            String param = "messages." + i + ".content";
            if ("user".equals(role)) {
                user(message.get("content"), param, messages);
            } else if ("assistant".equals(role)) {
                messages.add(assistant(message.get("content"), param));
            } else {
                throw new TranslationException("messages." + i + ".role", "Unsupported role '" + role + "'");
            }
        }
        JsonNode maxTokens = anthropic.get("max_tokens");
        if (maxTokens != null && maxTokens.isIntegralNumber()) {
            out.put(maxCompletionTokens ? "max_completion_tokens" : "max_tokens", maxTokens.asInt());
        }
        JsonNode stop = anthropic.get("stop_sequences");
        if (stop != null && stop.isArray() && !stop.isEmpty()) {
            out.set("stop", stop.deepCopy());
        }
        for (String field : new String[] {"temperature", "top_p"}) {
            JsonNode value = anthropic.get(field);
            if (value != null && value.isNumber()) {
                out.set(field, value.deepCopy());
            }
        }
        String user = Json.text(anthropic.path("metadata"), "user_id");
        if (user != null) {
            out.put("user", user);
        }
        tools(anthropic, out);
        JsonNode stream = anthropic.get("stream");
        if (stream != null && stream.asBoolean(false)) {
            out.put("stream", true);
            // The Anthropic stream reports token counts; OpenAI sends them only when asked.
            out.putObject("stream_options").put("include_usage", true);
        }
        return out;
    }

    /** A string, or text blocks joined (system prompts, tool results). */
    private static String text(JsonNode content, String param) {
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode block : content) {
            if (!"text".equals(Json.text(block, "type"))) {
                throw new TranslationException(param, "Only text blocks can be sent to this model in '" + param + "'");
            }
            if (!text.isEmpty()) {
                text.append("\n\n");
            }
            text.append(Json.text(block, "text"));
        }
        return text.toString();
    }

    /** Tool results become {@code tool} messages (first, as OpenAI wants them right after the call), the rest a user message. */
    private static void user(JsonNode content, String param, ArrayNode messages) {
        if (content == null || content.isTextual()) {
            messages.addObject().put("role", "user").put("content", content == null ? "" : content.asText());
            return;
        }
        ArrayNode parts = Json.array();
        for (JsonNode block : content) {
            String type = String.valueOf(Json.text(block, "type"));
            switch (type) {
                case "text" -> parts.addObject().put("type", "text").put("text", Json.text(block, "text"));
                case "image" -> parts.add(image(block.path("source"), param));
                case "tool_result" -> {
                    ObjectNode tool = messages.addObject();
                    tool.put("role", "tool");
                    tool.put("tool_call_id", Json.text(block, "tool_use_id"));
                    JsonNode result = block.get("content");
                    tool.put("content", result == null || result.isNull() ? "" : text(result, param));
                }
                default -> throw new TranslationException(param, "Content blocks of type '" + type
                        + "' cannot be sent to this model");
            }
        }
        if (!parts.isEmpty()) {
            ObjectNode message = messages.addObject();
            message.put("role", "user");
            message.set("content", parts);
        }
    }

    private static ObjectNode image(JsonNode source, String param) {
        String url = switch (String.valueOf(Json.text(source, "type"))) {
            case "base64" -> "data:" + Json.text(source, "media_type") + ";base64," + Json.text(source, "data");
            case "url" -> Json.text(source, "url");
            default -> throw new TranslationException(param, "Images must have a base64 or url source");
        };
        ObjectNode part = Json.object().put("type", "image_url");
        part.putObject("image_url").put("url", url);
        return part;
    }

    private static ObjectNode assistant(JsonNode content, String param) {
        ObjectNode message = Json.object().put("role", "assistant");
        if (content == null || content.isTextual()) {
            message.put("content", content == null ? "" : content.asText());
            return message;
        }
        StringBuilder text = new StringBuilder();
        ArrayNode calls = Json.array();
        for (JsonNode block : content) {
            String type = String.valueOf(Json.text(block, "type"));
            switch (type) {
                case "text" -> text.append(Json.text(block, "text"));
                case "tool_use" -> {
                    ObjectNode call = calls.addObject();
                    call.put("id", Json.text(block, "id"));
                    call.put("type", "function");
                    call.putObject("function").put("name", Json.text(block, "name"))
                            .put("arguments", Json.write(block.path("input").isObject() ? block.get("input") : Json.object()));
                }
                case "thinking", "redacted_thinking" -> {
                    // earlier reasoning of a Claude model: no OpenAI counterpart, and not needed to continue
                }
                default -> throw new TranslationException(param, "Content blocks of type '" + type
                        + "' cannot be sent to this model");
            }
        }
        if (text.isEmpty() && !calls.isEmpty()) {
            message.putNull("content");
        } else {
            message.put("content", text.toString());
        }
        if (!calls.isEmpty()) {
            message.set("tool_calls", calls);
        }
        return message;
    }

    private static void tools(JsonNode anthropic, ObjectNode out) {
        JsonNode tools = anthropic.get("tools");
        if (tools != null && tools.isArray() && !tools.isEmpty()) {
            ArrayNode translated = out.putArray("tools");
            for (int t = 0; t < tools.size(); t++) {
                JsonNode tool = tools.get(t);
                String type = Json.text(tool, "type");
                if (type != null && !"custom".equals(type)) {
                    throw new TranslationException("tools." + t + ".type", "Anthropic server tool '" + type
                            + "' cannot be used with this model");
                }
                ObjectNode function = translated.addObject().put("type", "function").putObject("function");
                function.put("name", Json.text(tool, "name"));
                String description = Json.text(tool, "description");
                if (description != null) {
                    function.put("description", description);
                }
                JsonNode schema = tool.get("input_schema");
                function.set("parameters", schema != null && schema.isObject() ? schema.deepCopy()
                        : Json.object().put("type", "object"));
            }
        }
        JsonNode choice = anthropic.get("tool_choice");
        if (choice == null || !choice.isObject()) {
            return;
        }
        switch (String.valueOf(Json.text(choice, "type"))) {
            case "auto" -> out.put("tool_choice", "auto");
            case "any" -> out.put("tool_choice", "required");
            case "none" -> out.put("tool_choice", "none");
            case "tool" -> {
                ObjectNode named = out.putObject("tool_choice").put("type", "function");
                named.putObject("function").put("name", Json.text(choice, "name"));
            }
            default -> throw new TranslationException("tool_choice", "Invalid 'tool_choice'");
        }
        JsonNode disable = choice.get("disable_parallel_tool_use");
        if (disable != null && disable.asBoolean(false) && out.has("tools")) {
            out.put("parallel_tool_calls", false);
        }
    }
}
