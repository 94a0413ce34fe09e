package dev.moniker.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Set;

/**
 * OpenAI Responses request -> chat-completions request, for {@code /v1/responses} callers routed to a provider that
 * does not serve the Responses API (any chat-completions provider, and Anthropic through the chat translator). A
 * pure function of its input. Everything that has a chat equivalent is carried (instructions, message items and
 * their text and image parts, function tools, calls and their outputs, {@code text.format}, reasoning effort,
 * sampling and limits); everything else is refused naming the parameter, never dropped: built-in tools, reasoning
 * items, background mode and the like. {@code docs/api.md} lists both.
 */
final class ResponsesToChatRequest {

    /** Members copied as they are: the same name and meaning in both APIs. */
    private static final Set<String> SAME = Set.of("temperature", "top_p", "user", "parallel_tool_calls",
            "service_tier", "prompt_cache_key", "safety_identifier", "top_logprobs");
    /**
     * Members the gateway itself handles ({@link ResponsesOverChat}: the conversation, {@code store}; {@code metadata}
     * is echoed in the response and not sent, as chat providers may refuse it), or checked below.
     */
    private static final Set<String> HANDLED = Set.of("model", "input", "instructions", "stream", "tools",
            "tool_choice", "max_output_tokens", "text", "reasoning", "store", "previous_response_id", "include",
            "truncation", "stream_options", "metadata", "background");

    private ResponsesToChatRequest() {
    }

    /**
     * @param responses           the caller's request (with any stored conversation already in its {@code input})
     * @param model               the provider's model id
     * @param maxCompletionTokens send the limit as {@code max_completion_tokens}
     */
    static ObjectNode translate(JsonNode responses, String model, boolean maxCompletionTokens) {
        refuseUnknown(responses);
        String previous = Json.text(responses, "previous_response_id");
        if (previous != null) {
            // The gateway continues conversations it stored (the input then holds them); this one it does not know.
            throw new TranslationException("previous_response_id", "Previous response with id '" + previous
                    + "' not found (the gateway keeps responses for the retention period, for the key that made them)");
        }
        ObjectNode out = Json.object();
        out.put("model", model);
        ArrayNode messages = out.putArray("messages");
        String instructions = Json.text(responses, "instructions");
        if (instructions != null) {
            messages.addObject().put("role", "system").put("content", instructions);
        }
        JsonNode input = responses.get("input");
        if (input != null && input.isTextual()) {
            messages.addObject().put("role", "user").put("content", input.asText());
        } else if (input != null && input.isArray()) {
            for (int i = 0; i < input.size(); i++) {
                item(input.get(i), "input." + i, messages);
            }
        }
        JsonNode limit = responses.get("max_output_tokens");
        if (limit != null && limit.isIntegralNumber()) {
            out.put(maxCompletionTokens ? "max_completion_tokens" : "max_tokens", limit.asLong());
        }
        SAME.forEach(field -> {
            JsonNode value = responses.get(field);
            if (value != null && !value.isNull()) {
                out.set(field, value.deepCopy());
            }
        });
        tools(responses, out);
        format(responses.path("text").path("format"), out);
        String effort = Json.text(responses.path("reasoning"), "effort");
        if (effort != null) {
            out.put("reasoning_effort", effort);
        }
        if (responses.path("stream").asBoolean(false)) {
            out.put("stream", true);
            out.putObject("stream_options").put("include_usage", true); // for the usage of response.completed
        }
        return out;
    }

    private static void refuseUnknown(JsonNode responses) {
        responses.fieldNames().forEachRemaining(field -> {
            if (!SAME.contains(field) && !HANDLED.contains(field) && !responses.get(field).isNull()) {
                throw new TranslationException(field, "'" + field + "' cannot be served by this model, which is "
                        + "reached through chat completions (see docs/api.md for what translates)");
            }
        });
        if (responses.path("background").asBoolean(false)) {
            throw new TranslationException("background", "Background responses are not supported by this model");
        }
        JsonNode truncation = responses.get("truncation");
        if (truncation != null && truncation.isTextual() && !"disabled".equals(truncation.asText())) {
            throw new TranslationException("truncation", "Only truncation 'disabled' is supported by this model");
        }
        JsonNode include = responses.get("include");
        if (include != null && include.isArray() && !include.isEmpty()) {
            throw new TranslationException("include", "'include' cannot be served by this model");
        }
    }

    /** One input item: a message, a function call the model made earlier, or a function's output. */
    private static void item(JsonNode item, String param, ArrayNode messages) {
        String type = Json.text(item, "type");
        if (type == null || "message".equals(type)) {
            message(item, param, messages);
        } else if ("function_call".equals(type)) {
            ObjectNode call = Json.object();
            call.put("id", Json.text(item, "call_id"));
            call.put("type", "function");
            call.putObject("function").put("name", Json.text(item, "name"))
                    .put("arguments", item.path("arguments").asText("{}"));
            ObjectNode last = messages.isEmpty() ? null : (ObjectNode) messages.get(messages.size() - 1);
            // Parallel calls are consecutive items here and one assistant message there.
            if (last != null && "assistant".equals(Json.text(last, "role")) && last.has("tool_calls")) {
                ((ArrayNode) last.get("tool_calls")).add(call);
            } else {
                ObjectNode assistant = messages.addObject().put("role", "assistant");
                assistant.putNull("content");
                assistant.putArray("tool_calls").add(call);
            }
        } else if ("reasoning".equals(type)) {
            return; // an earlier turn's reasoning (from a model that has it): chat has no place for it
        } else if ("function_call_output".equals(type)) {
            JsonNode output = item.get("output");
            messages.addObject().put("role", "tool").put("tool_call_id", Json.text(item, "call_id"))
                    .put("content", output != null && output.isTextual() ? output.asText() : Json.write(output));
        } else {
            throw new TranslationException(param + ".type", "Input items of type '" + type + "' cannot be served by "
                    + "this model, which is reached through chat completions");
        }
    }

    private static void message(JsonNode item, String param, ArrayNode messages) {
        String role = Json.text(item, "role");
        if (role == null || !Set.of("user", "assistant", "system", "developer").contains(role)) {
            throw new TranslationException(param + ".role", "Unsupported role '" + role + "'");
        }
        JsonNode content = item.get("content");
        ObjectNode message = messages.addObject().put("role", role);
        if (content == null || content.isTextual()) {
            message.put("content", content == null ? "" : content.asText());
            return;
        }
        if ("assistant".equals(role)) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < content.size(); i++) {
                text.append(part(content.get(i), param + ".content." + i).path("text").asText());
            }
            message.put("content", text.toString());
            return;
        }
        ArrayNode parts = message.putArray("content");
        for (int i = 0; i < content.size(); i++) {
            parts.add(part(content.get(i), param + ".content." + i));
        }
    }

    /** A content part: text ({@code input_text}, {@code output_text}) or an image by URL. */
    private static ObjectNode part(JsonNode part, String param) {
        String type = Json.text(part, "type");
        if ("input_text".equals(type) || "output_text".equals(type) || "text".equals(type)) {
            return Json.object().put("type", "text").put("text", part.path("text").asText());
        }
        if ("input_image".equals(type) && Json.text(part, "image_url") != null) {
            ObjectNode image = Json.object().put("type", "image_url");
            ObjectNode url = image.putObject("image_url").put("url", Json.text(part, "image_url"));
            String detail = Json.text(part, "detail");
            if (detail != null) {
                url.put("detail", detail);
            }
            return image;
        }
        throw new TranslationException(param + ".type", "Content parts of type '" + type + "' cannot be served by "
                + "this model, which is reached through chat completions");
    }

    private static void tools(JsonNode responses, ObjectNode out) {
        JsonNode tools = responses.get("tools");
        if (tools != null && tools.isArray() && !tools.isEmpty()) {
            ArrayNode translated = out.putArray("tools");
            for (int i = 0; i < tools.size(); i++) {
                JsonNode tool = tools.get(i);
                if (!"function".equals(Json.text(tool, "type"))) {
                    throw new TranslationException("tools." + i + ".type", "Tools of type '" + Json.text(tool, "type")
                            + "' are built into OpenAI's Responses API and cannot be served by this model; only "
                            + "function tools translate");
                }
                ObjectNode function = Json.object();
                for (String field : new String[] {"name", "description", "parameters", "strict"}) {
                    if (Json.present(tool, field)) {
                        function.set(field, tool.get(field).deepCopy());
                    }
                }
                translated.addObject().put("type", "function").set("function", function);
            }
        }
        JsonNode choice = responses.get("tool_choice");
        if (choice != null && choice.isTextual()) {
            out.put("tool_choice", choice.asText());
        } else if (choice != null && "function".equals(Json.text(choice, "type"))) {
            out.putObject("tool_choice").put("type", "function").putObject("function")
                    .put("name", Json.text(choice, "name"));
        } else if (choice != null && !choice.isNull()) {
            throw new TranslationException("tool_choice", "Only 'auto', 'none', 'required' and a function tool "
                    + "choice can be served by this model");
        }
    }

    /** {@code text.format} -> {@code response_format}. */
    private static void format(JsonNode format, ObjectNode out) {
        String type = Json.text(format, "type");
        if (type == null || "text".equals(type)) {
            return;
        }
        if ("json_object".equals(type)) {
            out.putObject("response_format").put("type", "json_object");
        } else if ("json_schema".equals(type)) {
            ObjectNode schema = Json.object();
            for (String field : new String[] {"name", "description", "schema", "strict"}) {
                if (Json.present(format, field)) {
                    schema.set(field, format.get(field).deepCopy());
                }
            }
            out.putObject("response_format").put("type", "json_schema").set("json_schema", schema);
        } else {
            throw new TranslationException("text.format.type", "Unsupported text format '" + type + "'");
        }
    }
}
