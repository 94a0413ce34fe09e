package dev.moniker.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/**
 * OpenAI chat-completions request -> Anthropic Messages request. A pure function of its input: the caller's tree
 * is never modified, so a fallback can translate the same request again.
 *
 * <p>What maps, what is dropped and what is refused is listed in {@code docs/anthropic.md}; refusals (content
 * the provider could not see, {@code n > 1}) throw {@link TranslationException} rather than silently lose input.
 */
public final class OpenAiToAnthropicRequest {

    private OpenAiToAnthropicRequest() {
    }

    /**
     * @param openAi           the caller's request
     * @param model            the provider's model id
     * @param defaultMaxTokens {@code max_tokens} when the caller sets none (Anthropic requires it)
     */
    public static ObjectNode translate(JsonNode openAi, String model, int defaultMaxTokens) {
        ObjectNode out = Json.object();
        out.put("model", model);
        out.put("max_tokens", maxTokens(openAi, defaultMaxTokens));

        JsonNode n = openAi.get("n");
        if (n != null && !n.isNull() && n.asInt(1) != 1) {
            throw new TranslationException("n", "Anthropic models return one choice per request; 'n' must be 1");
        }

        List<String> system = new ArrayList<>();
        ArrayNode messages = messages(openAi.get("messages"), system);
        if (system.size() == 1) {
            out.put("system", system.get(0));
        } else if (system.size() > 1) {
            ArrayNode blocks = out.putArray("system");
            system.forEach(text -> blocks.addObject().put("type", "text").put("text", text));
        }
        out.set("messages", messages);

        JsonNode stop = openAi.get("stop");
        if (stop != null && stop.isTextual()) {
            out.putArray("stop_sequences").add(stop.asText());
        } else if (stop != null && stop.isArray() && !stop.isEmpty()) {
            out.set("stop_sequences", stop.deepCopy());
        }
        copyNumber(openAi, out, "temperature");
        copyNumber(openAi, out, "top_p");
        tools(openAi, out);
        String user = Json.text(openAi, "user");
        if (user != null) {
            out.putObject("metadata").put("user_id", user);
        }
        JsonNode stream = openAi.get("stream");
        if (stream != null && stream.asBoolean(false)) {
            out.put("stream", true);
        }
        return out;
    }

    /**
     * OpenAI messages -> Anthropic turns: system and developer messages are collected into {@code system}, tool
     * results become user turns, and consecutive turns of one role are merged (Anthropic wants them alternating).
     */
    private static ArrayNode messages(JsonNode input, List<String> system) {
        ArrayNode messages = Json.array();
        String lastRole = null;
        ArrayNode lastContent = null;
        for (int i = 0; i < input.size(); i++) {
            JsonNode message = input.get(i);
            String role = Json.text(message, "role");
            if (role == null) {
                throw new TranslationException("messages[" + i + "].role", "Missing 'role' in messages[" + i + "]");
            }
            ArrayNode blocks;
            String anthropicRole;
            switch (role) {
                case "system", "developer" -> {
                    system.add(plainText(message.get("content"), "messages[" + i + "].content"));
                    continue;
                }
                case "user" -> {
                    anthropicRole = "user";
                    blocks = userBlocks(message.get("content"), "messages[" + i + "].content");
                }
                case "assistant" -> {
                    anthropicRole = "assistant";
                    blocks = assistantBlocks(message, i);
                }
                case "tool" -> {
                    anthropicRole = "user";
                    blocks = Json.array().add(toolResult(message, i));
                }
                default -> throw new TranslationException("messages[" + i + "].role",
                        "Unsupported role '" + role + "' in messages[" + i + "]");
            }
            if (blocks.isEmpty()) {
                continue;
            }
            if (anthropicRole.equals(lastRole)) {
                lastContent.addAll(blocks); // Anthropic wants alternating turns: merge consecutive ones
            } else {
                ObjectNode turn = messages.addObject();
                turn.put("role", anthropicRole);
                lastContent = turn.putArray("content");
                lastContent.addAll(blocks);
                lastRole = anthropicRole;
            }
        }
        return messages;
    }

    private static int maxTokens(JsonNode openAi, int defaultMaxTokens) {
        for (String field : new String[] {"max_completion_tokens", "max_tokens"}) {
            JsonNode value = openAi.get(field);
            if (value != null && value.isIntegralNumber()) {
                return value.asInt();
            }
        }
        return defaultMaxTokens;
    }

    private static void copyNumber(JsonNode from, ObjectNode to, String field) {
        JsonNode value = from.get(field);
        if (value != null && value.isNumber()) {
            to.set(field, value.deepCopy());
        }
    }

    /** System, developer and tool content: a string or an array of text parts. */
    private static String plainText(JsonNode content, String param) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isTextual()) {
            return content.asText();
        }
        if (content.isArray()) {
            StringBuilder text = new StringBuilder();
            for (JsonNode part : content) {
                if (!"text".equals(Json.text(part, "type"))) {
                    throw new TranslationException(param, "Only text parts are supported in '" + param + "'");
                }
                text.append(Json.text(part, "text"));
            }
            return text.toString();
        }
        throw new TranslationException(param, "Invalid '" + param + "': expected a string or an array of parts");
    }

    private static ArrayNode userBlocks(JsonNode content, String param) {
        ArrayNode blocks = Json.array();
        if (content == null || content.isNull()) {
            return blocks;
        }
        if (content.isTextual()) {
            blocks.addObject().put("type", "text").put("text", content.asText());
            return blocks;
        }
        if (!content.isArray()) {
            throw new TranslationException(param, "Invalid '" + param + "': expected a string or an array of parts");
        }
        for (JsonNode part : content) {
            String type = Json.text(part, "type");
            if ("text".equals(type)) {
                blocks.addObject().put("type", "text").put("text", Json.text(part, "text"));
            } else if ("image_url".equals(type)) {
                blocks.add(image(part.path("image_url"), param));
            } else {
                throw new TranslationException(param, "Content parts of type '" + type
                        + "' cannot be sent to an Anthropic model");
            }
        }
        return blocks;
    }

    /** {@code data:image/png;base64,...} -> a base64 source; {@code http(s)://} -> a URL source. */
    private static ObjectNode image(JsonNode imageUrl, String param) {
        String url = imageUrl.isTextual() ? imageUrl.asText() : Json.text(imageUrl, "url");
        ObjectNode block = Json.object().put("type", "image");
        ObjectNode source = block.putObject("source");
        if (url != null && url.startsWith("data:")) {
            int comma = url.indexOf(',');
            String meta = comma < 0 ? "" : url.substring(5, comma);
            if (comma < 0 || !meta.endsWith(";base64")) {
                throw new TranslationException(param, "Image data URLs must be base64-encoded");
            }
            source.put("type", "base64")
                    .put("media_type", meta.substring(0, meta.length() - ";base64".length()))
                    .put("data", url.substring(comma + 1));
        } else if (url != null && (url.startsWith("https://") || url.startsWith("http://"))) {
            source.put("type", "url").put("url", url);
        } else {
            throw new TranslationException(param, "Images must be data: or http(s): URLs");
        }
        return block;
    }

    private static ArrayNode assistantBlocks(JsonNode message, int i) {
        ArrayNode blocks = Json.array();
        JsonNode content = message.get("content");
        if (content != null && content.isTextual()) {
            if (!content.asText().isEmpty()) {
                blocks.addObject().put("type", "text").put("text", content.asText());
            }
        } else if (content != null && content.isArray()) {
            for (JsonNode part : content) {
                // A refusal part has no Anthropic counterpart in a request; text is all that matters here.
                if ("text".equals(Json.text(part, "type")) && !Json.text(part, "text").isEmpty()) {
                    blocks.addObject().put("type", "text").put("text", Json.text(part, "text"));
                }
            }
        }
        JsonNode calls = message.get("tool_calls");
        if (calls != null && calls.isArray()) {
            for (int c = 0; c < calls.size(); c++) {
                JsonNode call = calls.get(c);
                String param = "messages[" + i + "].tool_calls[" + c + "]";
                JsonNode raw = call.path("function").path("arguments");
                String arguments = raw.isTextual() ? raw.asText() : null;
                JsonNode parsed = raw.isObject() ? raw.deepCopy() // a lenient client sent an object, not a string
                        : arguments == null || arguments.isBlank()
                        ? Json.object()
                        : Json.parse(arguments).filter(JsonNode::isObject).orElseThrow(() ->
                                new TranslationException(param + ".function.arguments",
                                        "Tool call arguments must be a JSON object"));
                ObjectNode block = blocks.addObject();
                block.put("type", "tool_use");
                block.put("id", Json.text(call, "id"));
                block.put("name", Json.text(call.path("function"), "name"));
                block.set("input", parsed);
            }
        }
        return blocks;
    }

    private static ObjectNode toolResult(JsonNode message, int i) {
        String id = Json.text(message, "tool_call_id");
        if (id == null) {
            throw new TranslationException("messages[" + i + "].tool_call_id",
                    "Missing 'tool_call_id' in tool message messages[" + i + "]");
        }
        ObjectNode block = Json.object();
        block.put("type", "tool_result");
        block.put("tool_use_id", id);
        block.put("content", plainText(message.get("content"), "messages[" + i + "].content"));
        return block;
    }

    private static void tools(JsonNode openAi, ObjectNode out) {
        JsonNode tools = openAi.get("tools");
        boolean hasTools = tools != null && tools.isArray() && !tools.isEmpty();
        if (hasTools) {
            ArrayNode translated = out.putArray("tools");
            for (int t = 0; t < tools.size(); t++) {
                JsonNode tool = tools.get(t);
                if (!"function".equals(Json.text(tool, "type"))) {
                    throw new TranslationException("tools[" + t + "].type",
                            "Only function tools can be sent to an Anthropic model");
                }
                JsonNode function = tool.path("function");
                ObjectNode result = translated.addObject();
                result.put("name", Json.text(function, "name"));
                String description = Json.text(function, "description");
                if (description != null) {
                    result.put("description", description);
                }
                JsonNode parameters = function.get("parameters");
                result.set("input_schema", parameters != null && parameters.isObject()
                        ? parameters.deepCopy()
                        : Json.object().put("type", "object").set("properties", Json.object()));
            }
        }
        JsonNode choice = openAi.get("tool_choice");
        JsonNode parallel = openAi.get("parallel_tool_calls");
        boolean noParallel = parallel != null && parallel.isBoolean() && !parallel.asBoolean();
        ObjectNode toolChoice = null;
        if (choice != null && choice.isTextual()) {
            toolChoice = switch (choice.asText()) {
                case "auto" -> Json.object().put("type", "auto");
                case "none" -> Json.object().put("type", "none");
                case "required" -> Json.object().put("type", "any");
                default -> throw new TranslationException("tool_choice",
                        "Invalid 'tool_choice': '" + choice.asText() + "'");
            };
        } else if (choice != null && choice.isObject()) {
            String name = Json.text(choice.path("function"), "name");
            if (name == null) {
                throw new TranslationException("tool_choice", "Invalid 'tool_choice': expected a function name");
            }
            toolChoice = Json.object().put("type", "tool").put("name", name);
        } else if (noParallel && hasTools) {
            toolChoice = Json.object().put("type", "auto");
        }
        if (toolChoice != null) {
            if (noParallel && !"none".equals(Json.text(toolChoice, "type"))) {
                toolChoice.put("disable_parallel_tool_use", true);
            }
            out.set("tool_choice", toolChoice);
        }
    }
}
