package dev.moniker.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Chat completion -> Responses API {@code response} object: the first choice's text as one {@code message} output
 * item, each tool call as a {@code function_call} item, usage in the Responses names, and the request's settings
 * echoed as the API does. A {@code length} finish is {@code status: incomplete} with reason
 * {@code max_output_tokens}; a {@code content_filter} finish, reason {@code content_filter}.
 */
final class ChatToResponsesAnswer {

    private ChatToResponsesAnswer() {
    }

    /**
     * @param request    the caller's Responses request
     * @param completion the chat completion the provider (or the chat translator) answered
     * @param id         this response's id ({@code resp_...})
     */
    static ObjectNode translate(JsonNode request, JsonNode completion, String id, long createdAt) {
        ObjectNode response = shell(request, id, createdAt, Json.text(completion, "model"));
        JsonNode choice = completion.path("choices").path(0);
        JsonNode message = choice.path("message");
        ArrayNode output = response.putArray("output");
        String text = Json.text(message, "content");
        if (text != null && !text.isEmpty()) {
            output.add(messageItem(id, text));
        }
        int index = 0;
        for (JsonNode call : message.path("tool_calls")) {
            output.add(functionCall(id, index++, Json.text(call, "id"), call.path("function").path("name").asText(),
                    call.path("function").path("arguments").asText("{}")));
        }
        finish(response, Json.text(choice, "finish_reason"));
        response.set("usage", usage(completion.path("usage")));
        return response;
    }

    /** The response object without output and usage: what {@code response.created} carries. */
    static ObjectNode shell(JsonNode request, String id, long createdAt, String model) {
        ObjectNode response = Json.object();
        response.put("id", id);
        response.put("object", "response");
        response.put("created_at", createdAt);
        response.put("status", "in_progress");
        response.putNull("error");
        response.putNull("incomplete_details");
        response.set("instructions", request.path("instructions").isTextual() ? request.get("instructions").deepCopy()
                : Json.NODES.nullNode());
        copy(request, response, "max_output_tokens");
        response.put("model", model == null ? request.path("model").asText() : model);
        response.putArray("output");
        response.put("parallel_tool_calls", request.path("parallel_tool_calls").asBoolean(true));
        copy(request, response, "previous_response_id");
        copy(request, response, "temperature");
        copy(request, response, "top_p");
        response.set("tool_choice", request.has("tool_choice") ? request.get("tool_choice").deepCopy()
                : Json.NODES.textNode("auto"));
        response.set("tools", request.has("tools") ? request.get("tools").deepCopy() : Json.array());
        response.set("text", request.has("text") ? request.get("text").deepCopy()
                : Json.object().set("format", Json.object().put("type", "text")));
        response.set("metadata", request.path("metadata").isObject() ? request.get("metadata").deepCopy()
                : Json.object());
        response.put("store", request.path("store").asBoolean(true));
        response.put("truncation", "disabled");
        response.putNull("usage");
        return response;
    }

    static ObjectNode messageItem(String responseId, String text) {
        ObjectNode item = Json.object();
        item.put("type", "message");
        item.put("id", "msg_" + responseId.substring(5));
        item.put("status", "completed");
        item.put("role", "assistant");
        item.putArray("content").add(textPart(text));
        return item;
    }

    static ObjectNode textPart(String text) {
        ObjectNode part = Json.object().put("type", "output_text").put("text", text);
        part.putArray("annotations");
        return part;
    }

    static ObjectNode functionCall(String responseId, int index, String callId, String name, String arguments) {
        ObjectNode item = Json.object();
        item.put("type", "function_call");
        item.put("id", "fc_" + responseId.substring(5) + "_" + index);
        item.put("call_id", callId);
        item.put("name", name);
        item.put("arguments", arguments);
        item.put("status", "completed");
        return item;
    }

    /** {@code status} and {@code incomplete_details} from the chat finish reason. */
    static void finish(ObjectNode response, String finishReason) {
        if ("length".equals(finishReason) || "content_filter".equals(finishReason)) {
            response.put("status", "incomplete");
            response.putObject("incomplete_details").put("reason",
                    "length".equals(finishReason) ? "max_output_tokens" : "content_filter");
        } else {
            response.put("status", "completed");
        }
    }

    /** Chat usage in the Responses API's names. */
    static ObjectNode usage(JsonNode chat) {
        long input = chat.path("prompt_tokens").asLong(0);
        long output = chat.path("completion_tokens").asLong(0);
        ObjectNode usage = Json.object();
        usage.put("input_tokens", input);
        usage.putObject("input_tokens_details").put("cached_tokens",
                chat.path("prompt_tokens_details").path("cached_tokens").asLong(0));
        usage.put("output_tokens", output);
        usage.putObject("output_tokens_details").put("reasoning_tokens",
                chat.path("completion_tokens_details").path("reasoning_tokens").asLong(0));
        usage.put("total_tokens", chat.path("total_tokens").asLong(input + output));
        return usage;
    }

    private static void copy(JsonNode from, ObjectNode to, String field) {
        JsonNode value = from.get(field);
        to.set(field, value == null ? Json.NODES.nullNode() : value.deepCopy());
    }
}
