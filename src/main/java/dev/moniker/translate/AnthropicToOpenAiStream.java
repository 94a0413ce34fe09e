package dev.moniker.translate;

import dev.moniker.wire.sse.SseParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.moniker.wire.GatewayError;
import dev.moniker.wire.openai.OpenAiErrors;

import java.util.HashMap;
import java.util.Map;

/**
 * Anthropic Messages stream -> OpenAI chat-completion chunks, one instance per stream. Each Anthropic event goes
 * in through {@link #onEvent}, and the SSE text to send the OpenAI client comes out ({@code data: {...}\n\n}
 * frames, possibly none). {@link #onEnd} closes the stream: a stream that ended without {@code message_stop},
 * or with an {@code error} event, ends with an OpenAI error event and never with {@code [DONE]}.
 *
 * <p>Mapping: {@code message_start} -> first chunk with the role; text deltas -> {@code delta.content}; a
 * {@code tool_use} block -> a {@code tool_calls} entry (id, name, empty arguments) whose {@code input_json_delta}
 * fragments follow as argument deltas with the same {@code index}; {@code message_delta} -> the chunk with
 * {@code finish_reason}; {@code message_stop} -> the usage chunk (when asked for) and {@code [DONE]};
 * {@code ping} and thinking deltas -> nothing.
 */
public final class AnthropicToOpenAiStream extends StreamTranslator {

    private final boolean includeUsage;
    private final long created;
    private final Map<Integer, Integer> toolIndexByBlock = new HashMap<>();
    private String id;
    private String model;
    private long promptTokens;
    private long cachedTokens;
    private ObjectNode usage;

    /**
     * @param includeUsage the caller sent {@code stream_options.include_usage: true}
     * @param created      the {@code created} timestamp (seconds) of every chunk
     */
    public AnthropicToOpenAiStream(boolean includeUsage, long created) {
        this.includeUsage = includeUsage;
        this.created = created;
    }

    /** Translates one Anthropic event; returns the SSE text to write (empty when the event maps to nothing). */
    @Override
    public String onEvent(SseParser.Event event) {
        if (done || failed) {
            return "";
        }
        JsonNode data = Json.parse(event.data()).orElse(null);
        if (data == null || !data.isObject()) {
            return fail("The provider sent an event that is not JSON");
        }
        String type = Json.text(data, "type");
        if (type == null) {
            type = event.name();
        }
        return switch (String.valueOf(type)) {
            case "message_start" -> messageStart(data.path("message"));
            case "content_block_start" -> blockStart(data);
            case "content_block_delta" -> blockDelta(data);
            case "content_block_stop", "ping" -> "";
            case "message_delta" -> {
                JsonNode counts = data.get("usage");
                if (counts != null && counts.isObject()) {
                    usage = AnthropicToOpenAiResponse.usage(counts, promptTokens, cachedTokens);
                }
                String finish = AnthropicToOpenAiResponse.finishReason(Json.text(data.path("delta"), "stop_reason"));
                yield chunk(Json.object(), finish == null ? "stop" : finish);
            }
            case "message_stop" -> messageStop();
            case "error" -> {
                GatewayError error = AnthropicToOpenAiResponse.error(529, data);
                JsonNode body = data.path("error");
                failed = true;
                yield errorFrame(new GatewayError(error.status(), error.type(),
                        Json.text(body, "type") != null ? error.code() : "stream_interrupted", null, error.message()));
            }
            default -> ""; // unknown events are skipped, as Anthropic's versioning policy asks
        };
    }

    private String messageStart(JsonNode message) {
        id = Json.text(message, "id");
        model = Json.text(message, "model");
        ObjectNode counted = AnthropicToOpenAiResponse.usage(message.path("usage"), 0, 0);
        promptTokens = counted.get("prompt_tokens").asLong();
        cachedTokens = counted.path("prompt_tokens_details").path("cached_tokens").asLong();
        return chunk(Json.object().put("role", "assistant").put("content", ""), null);
    }

    private String blockStart(JsonNode data) {
        JsonNode block = data.path("content_block");
        String blockType = Json.text(block, "type");
        if ("text".equals(blockType)) {
            String text = Json.text(block, "text");
            return text == null || text.isEmpty() ? "" : chunk(Json.object().put("content", text), null);
        }
        if ("tool_use".equals(blockType)) {
            int toolIndex = toolIndexByBlock.size();
            toolIndexByBlock.put(data.path("index").asInt(), toolIndex);
            JsonNode input = block.path("input");
            String arguments = input.isObject() && !input.isEmpty() ? Json.write(input) : "";
            ObjectNode call = Json.object();
            call.put("index", toolIndex);
            call.put("id", Json.text(block, "id"));
            call.put("type", "function");
            call.putObject("function").put("name", Json.text(block, "name")).put("arguments", arguments);
            ObjectNode delta = Json.object();
            delta.putArray("tool_calls").add(call);
            return chunk(delta, null);
        }
        return ""; // thinking and server-tool blocks are not relayed
    }

    private String blockDelta(JsonNode data) {
        JsonNode delta = data.path("delta");
        String deltaType = Json.text(delta, "type");
        if ("text_delta".equals(deltaType)) {
            return chunk(Json.object().put("content", Json.text(delta, "text")), null);
        }
        if ("input_json_delta".equals(deltaType)) {
            Integer toolIndex = toolIndexByBlock.get(data.path("index").asInt());
            if (toolIndex == null) {
                return "";
            }
            ObjectNode call = Json.object();
            call.put("index", toolIndex);
            call.putObject("function").put("arguments", Json.text(delta, "partial_json"));
            ObjectNode out = Json.object();
            out.putArray("tool_calls").add(call);
            return chunk(out, null);
        }
        return ""; // thinking_delta, signature_delta, citations_delta
    }

    private String messageStop() {
        done = true;
        StringBuilder out = new StringBuilder();
        if (includeUsage) {
            ObjectNode last = base();
            last.putArray("choices");
            last.set("usage", usage != null ? usage
                    : AnthropicToOpenAiResponse.usage(Json.object(), promptTokens, cachedTokens));
            out.append(frame(last));
        }
        return out.append("data: [DONE]\n\n").toString();
    }

    @Override
    protected String errorEvent(String message) {
        return errorFrame(GatewayError.streamInterrupted(message));
    }

    private ObjectNode base() {
        ObjectNode chunk = Json.object();
        chunk.put("id", id);
        chunk.put("object", "chat.completion.chunk");
        chunk.put("created", created);
        chunk.put("model", model);
        return chunk;
    }

    private String chunk(ObjectNode delta, String finishReason) {
        ObjectNode chunk = base();
        ObjectNode choice = chunk.putArray("choices").addObject();
        choice.put("index", 0);
        choice.set("delta", delta);
        choice.putNull("logprobs");
        choice.put("finish_reason", finishReason);
        return frame(chunk);
    }

    private static String frame(JsonNode data) {
        return "data: " + Json.write(data) + "\n\n";
    }

    private static String errorFrame(GatewayError error) {
        return OpenAiErrors.eventText(error);
    }
}
