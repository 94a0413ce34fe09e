package dev.moniker.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.moniker.wire.sse.SseParser;

import java.util.ArrayList;
import java.util.List;

/**
 * Chat-completion chunks -> the Responses API's typed stream: {@code response.created} and
 * {@code response.in_progress} first; the text as {@code response.output_text.delta} events of one message item
 * and each tool call as a {@code function_call} item with {@code response.function_call_arguments.delta} events,
 * each item opened with {@code response.output_item.added} and closed with its {@code .done} events; then
 * {@code response.completed} (or {@code response.incomplete}) with the whole response and its usage. A chat error
 * event, or a stream that ends before {@code [DONE]}, becomes an {@code error} event.
 */
final class ChatToResponsesStream extends StreamTranslator {

    private final JsonNode request;
    private final String id;
    private final long createdAt;
    private int sequence;
    private boolean started;
    private String model;
    /** The message item's text so far; null until the first text delta. */
    private StringBuilder text;
    private int textIndex = -1;
    private final List<Call> calls = new ArrayList<>();
    private int items;
    private String finishReason;
    private JsonNode usage;

    /** One function call being streamed, by its chat {@code tool_calls} index. */
    private static final class Call {
        final int chatIndex;
        final int outputIndex;
        final String callId;
        final String name;
        final StringBuilder arguments = new StringBuilder();

        Call(int chatIndex, int outputIndex, String callId, String name) {
            this.chatIndex = chatIndex;
            this.outputIndex = outputIndex;
            this.callId = callId;
            this.name = name;
        }
    }

    ChatToResponsesStream(JsonNode request, String id, long createdAt) {
        this.request = request;
        this.id = id;
        this.createdAt = createdAt;
    }

    @Override
    public String onEvent(SseParser.Event event) {
        if ("[DONE]".equals(event.data().trim())) {
            return complete();
        }
        JsonNode chunk = Json.parse(event.data()).orElse(null);
        if (chunk == null || !chunk.isObject()) {
            return "";
        }
        if (chunk.has("error")) {
            failed = true;
            JsonNode error = chunk.get("error");
            return error(Json.text(error, "code"), error.path("message").asText("The provider stream failed"));
        }
        StringBuilder out = new StringBuilder();
        if (!started) {
            started = true;
            model = Json.text(chunk, "model");
            ObjectNode shell = ChatToResponsesAnswer.shell(request, id, createdAt, model);
            out.append(emit("response.created", Json.object().set("response", shell)));
            out.append(emit("response.in_progress", Json.object().set("response", shell)));
        }
        JsonNode choice = chunk.path("choices").path(0);
        String delta = Json.text(choice.path("delta"), "content");
        if (delta != null && !delta.isEmpty()) {
            out.append(textDelta(delta));
        }
        for (JsonNode call : choice.path("delta").path("tool_calls")) {
            out.append(toolDelta(call));
        }
        if (Json.text(choice, "finish_reason") != null) {
            finishReason = Json.text(choice, "finish_reason");
        }
        if (chunk.path("usage").isObject()) {
            usage = chunk.get("usage");
        }
        return out.toString();
    }

    private String textDelta(String delta) {
        StringBuilder out = new StringBuilder();
        if (text == null) {
            text = new StringBuilder();
            textIndex = items++;
            ObjectNode item = ChatToResponsesAnswer.messageItem(id, "");
            item.put("status", "in_progress");
            item.putArray("content");
            out.append(emit("response.output_item.added", Json.object().put("output_index", textIndex)
                    .set("item", item)));
            out.append(emit("response.content_part.added", itemRef(messageId(), textIndex).put("content_index", 0)
                    .set("part", ChatToResponsesAnswer.textPart(""))));
        }
        text.append(delta);
        ObjectNode event = itemRef(messageId(), textIndex).put("content_index", 0).put("delta", delta);
        event.putArray("logprobs");
        return out.append(emit("response.output_text.delta", event)).toString();
    }

    private String toolDelta(JsonNode call) {
        int chatIndex = call.path("index").asInt(calls.size());
        Call current = calls.stream().filter(c -> c.chatIndex == chatIndex).findFirst().orElse(null);
        StringBuilder out = new StringBuilder();
        if (current == null) {
            current = new Call(chatIndex, items++, Json.text(call, "id"), call.path("function").path("name").asText());
            calls.add(current);
            ObjectNode item = ChatToResponsesAnswer.functionCall(id, chatIndex, current.callId, current.name, "");
            item.put("status", "in_progress");
            out.append(emit("response.output_item.added", Json.object().put("output_index", current.outputIndex)
                    .set("item", item)));
        }
        String arguments = Json.text(call.path("function"), "arguments");
        if (arguments != null && !arguments.isEmpty()) {
            current.arguments.append(arguments);
            out.append(emit("response.function_call_arguments.delta",
                    itemRef(callItemId(current), current.outputIndex).put("delta", arguments)));
        }
        return out.toString();
    }

    /** {@code [DONE]}: every open item closed, then the whole response. */
    private String complete() {
        done = true;
        StringBuilder out = new StringBuilder();
        ObjectNode response = ChatToResponsesAnswer.shell(request, id, createdAt, model);
        ArrayNode output = (ArrayNode) response.get("output");
        List<ObjectNode> finished = new ArrayList<>();
        if (text != null) {
            String whole = text.toString();
            out.append(emit("response.output_text.done", itemRef(messageId(), textIndex).put("content_index", 0)
                    .put("text", whole).set("logprobs", Json.array())));
            out.append(emit("response.content_part.done", itemRef(messageId(), textIndex).put("content_index", 0)
                    .set("part", ChatToResponsesAnswer.textPart(whole))));
            ObjectNode item = ChatToResponsesAnswer.messageItem(id, whole);
            out.append(emit("response.output_item.done", Json.object().put("output_index", textIndex).set("item", item)));
            finished.add(item);
        }
        for (Call call : calls) {
            String arguments = call.arguments.toString();
            out.append(emit("response.function_call_arguments.done",
                    itemRef(callItemId(call), call.outputIndex).put("arguments", arguments)));
            ObjectNode item = ChatToResponsesAnswer.functionCall(id, call.chatIndex, call.callId, call.name, arguments);
            out.append(emit("response.output_item.done", Json.object().put("output_index", call.outputIndex)
                    .set("item", item)));
            finished.add(item);
        }
        output.addAll(finished);
        ChatToResponsesAnswer.finish(response, finishReason);
        response.set("usage", ChatToResponsesAnswer.usage(usage == null ? Json.object() : usage));
        String type = "incomplete".equals(response.path("status").asText()) ? "response.incomplete"
                : "response.completed";
        return out.append(emit(type, Json.object().set("response", response))).toString();
    }

    @Override
    protected String errorEvent(String message) {
        return error("stream_interrupted", message);
    }

    private String error(String code, String message) {
        ObjectNode error = Json.object().put("code", code == null ? "provider_error" : code).put("message", message);
        error.putNull("param");
        return emit("error", error);
    }

    private String messageId() {
        return "msg_" + id.substring(5);
    }

    private String callItemId(Call call) {
        return "fc_" + id.substring(5) + "_" + call.chatIndex;
    }

    private static ObjectNode itemRef(String itemId, int outputIndex) {
        return Json.object().put("item_id", itemId).put("output_index", outputIndex);
    }

    /** One typed event: its name on the {@code event:} line and as {@code type}, with the next sequence number. */
    private String emit(String type, ObjectNode fields) {
        ObjectNode event = Json.object().put("type", type);
        event.setAll(fields);
        event.put("sequence_number", sequence++);
        return new SseParser.Event(type, Json.write(event)).toText();
    }
}
