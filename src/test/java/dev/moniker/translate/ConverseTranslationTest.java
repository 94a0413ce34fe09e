package dev.moniker.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.moniker.support.EventStreamFrames;
import dev.moniker.wire.RequestDocument;
import dev.moniker.wire.UpstreamReply;
import dev.moniker.wire.sse.StreamTransform;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Both callers' requests, answers, errors and streams over Bedrock's Converse API. */
class ConverseTranslationTest {

    private static final String MODEL = "us.amazon.nova-pro-v1:0";

    private static RequestDocument doc(String json) {
        return RequestDocument.ofTree(Json.MAPPER, (ObjectNode) Json.parse(json).orElseThrow());
    }

    private static JsonNode body(Translation translation) {
        return Json.read(translation.request(MODEL));
    }

    @Test
    void anOpenAiRequestWithSystemToolsAndAToolResultBecomesConverse() {
        Translation t = new OpenAiOverConverse(doc("""
                {"model":"m","max_tokens":100,"temperature":0.2,"stop":"END","messages":[
                 {"role":"system","content":"Be brief."},
                 {"role":"user","content":"Weather in Zürich?"},
                 {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function",
                   "function":{"name":"weather","arguments":"{\\"city\\":\\"Zürich\\"}"}}]},
                 {"role":"tool","tool_call_id":"call_1","content":"12 °C"}],
                 "tools":[{"type":"function","function":{"name":"weather","description":"Weather now",
                   "parameters":{"type":"object","properties":{"city":{"type":"string"}}}}}],
                 "tool_choice":"auto"}"""), 4096, 1L);
        assertEquals(Json.parse("""
                {"messages":[
                  {"role":"user","content":[{"text":"Weather in Zürich?"}]},
                  {"role":"assistant","content":[{"toolUse":{"toolUseId":"call_1","name":"weather",
                    "input":{"city":"Zürich"}}}]},
                  {"role":"user","content":[{"toolResult":{"toolUseId":"call_1","content":[{"text":"12 °C"}]}}]}],
                 "system":[{"text":"Be brief."}],
                 "inferenceConfig":{"maxTokens":100,"temperature":0.2,"stopSequences":["END"]},
                 "toolConfig":{"tools":[{"toolSpec":{"name":"weather","description":"Weather now",
                   "inputSchema":{"json":{"type":"object","properties":{"city":{"type":"string"}}}}}}],
                   "toolChoice":{"auto":{}}}}""").orElseThrow(), body(t));
    }

    @Test
    void whatConverseCannotCarryIsRefusedNotDropped() {
        TranslationException topK = assertThrows(TranslationException.class, () -> body(new AnthropicOverConverse(
                doc("{\"model\":\"m\",\"max_tokens\":5,\"top_k\":3,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"))));
        assertEquals("top_k", topK.param());
        TranslationException url = assertThrows(TranslationException.class, () -> body(new AnthropicOverConverse(doc(
                "{\"model\":\"m\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image\","
                        + "\"source\":{\"type\":\"url\",\"url\":\"https://example.com/a.png\"}}]}]}"))));
        assertEquals("messages[0].content[0]", url.param());
    }

    @Test
    void aConverseAnswerComesBackInEachCallersFormat() {
        String converse = """
                {"output":{"message":{"role":"assistant","content":[{"text":"Sunny."},
                  {"toolUse":{"toolUseId":"t1","name":"weather","input":{"city":"Bern"}}}]}},
                 "stopReason":"tool_use","usage":{"inputTokens":12,"outputTokens":7,"totalTokens":19},
                 "metrics":{"latencyMs":80}}""";
        UpstreamReply reply = UpstreamReply.json(200, Buffer.buffer(converse), Map.of());

        Translation openAi = new OpenAiOverConverse(doc("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"), 64, 7L);
        openAi.request(MODEL);
        JsonNode completion = Json.read(openAi.answer(reply).body());
        assertEquals("Sunny.", completion.at("/choices/0/message/content").asText());
        assertEquals("weather", completion.at("/choices/0/message/tool_calls/0/function/name").asText());
        assertEquals("{\"city\":\"Bern\"}", completion.at("/choices/0/message/tool_calls/0/function/arguments").asText());
        assertEquals("tool_calls", completion.at("/choices/0/finish_reason").asText());
        assertEquals(12, completion.at("/usage/prompt_tokens").asInt());
        assertEquals(7, completion.at("/usage/completion_tokens").asInt());
        assertEquals(MODEL, completion.path("model").asText());

        Translation anthropic = new AnthropicOverConverse(doc("{\"model\":\"m\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"));
        anthropic.request(MODEL);
        JsonNode message = Json.read(anthropic.answer(reply).body());
        assertEquals("message", message.path("type").asText());
        assertEquals("tool_use", message.path("stop_reason").asText());
        assertEquals("Bern", message.at("/content/1/input/city").asText());
        assertEquals(12, message.at("/usage/input_tokens").asInt());
    }

    @Test
    void bedrockErrorsKeepTheirMeaning() {
        Translation openAi = new OpenAiOverConverse(doc("{\"model\":\"m\",\"messages\":[]}"), 64, 7L);
        UpstreamReply throttled = openAi.error(UpstreamReply.json(429, Buffer.buffer("{\"message\":\"Too many requests\"}"),
                Map.of("x-amzn-errortype", List.of("ThrottlingException:http://internal.amazon.com/coral/com.amazon.bedrock/"))));
        assertEquals(429, throttled.status());
        JsonNode error = Json.read(throttled.body()).path("error");
        assertEquals("rate_limit_error", error.path("type").asText());
        assertEquals("ThrottlingException", error.path("code").asText());
        assertEquals("Too many requests", error.path("message").asText());

        Translation anthropic = new AnthropicOverConverse(doc("{\"model\":\"m\",\"messages\":[]}"));
        UpstreamReply invalid = anthropic.error(UpstreamReply.json(400,
                Buffer.buffer("{\"message\":\"The model returned the following errors: bad\"}"),
                Map.of("x-amzn-errortype", List.of("ValidationException:http://internal.amazon.com/"))));
        assertEquals(400, invalid.status());
        assertEquals("invalid_request_error", Json.read(invalid.body()).at("/error/type").asText());
    }

    private static final byte[] TEXT_STREAM = new EventStreamFrames()
            .event("messageStart", "{\"p\":\"abc\",\"role\":\"assistant\"}")
            .event("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"Hel\"},\"p\":\"x\"}")
            .event("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"lo\"}}")
            .event("contentBlockStop", "{\"contentBlockIndex\":0}")
            .event("messageStop", "{\"stopReason\":\"end_turn\"}")
            .event("metadata", "{\"usage\":{\"inputTokens\":9,\"outputTokens\":2,\"totalTokens\":11},\"metrics\":{\"latencyMs\":5}}")
            .bytes();

    private static String run(StreamTransform stream, byte[] bytes, int size) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < bytes.length; i += size) {
            out.append(stream.onChunk(Buffer.buffer(Arrays.copyOfRange(bytes, i, Math.min(bytes.length, i + size))))
                    .toString());
        }
        return out.append(stream.ending().toString()).toString();
    }

    @Test
    void aStreamReachesAnOpenAiCallerAsChunksWithUsageAndDone() {
        for (int size : new int[] {1, 7, 100_000}) {
            Translation t = new OpenAiOverConverse(doc("{\"model\":\"m\",\"stream\":true,\"stream_options\":"
                    + "{\"include_usage\":true},\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"), 64, 7L);
            t.request(MODEL);
            String sse = run(t.stream(), TEXT_STREAM, size);
            assertTrue(sse.contains("\"delta\":{\"content\":\"Hel\"}"), sse);
            assertTrue(sse.contains("\"delta\":{\"content\":\"lo\"}"), sse);
            assertTrue(sse.contains("\"finish_reason\":\"stop\""), sse);
            assertTrue(sse.contains("\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":2,\"total_tokens\":11"), sse);
            assertTrue(sse.endsWith("data: [DONE]\n\n"), sse);
        }
    }

    @Test
    void aStreamReachesAnAnthropicCallerEventForEvent() {
        Translation t = new AnthropicOverConverse(doc("{\"model\":\"m\",\"max_tokens\":5,\"stream\":true,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"));
        t.request(MODEL);
        String sse = run(t.stream(), TEXT_STREAM, 13);
        String[] names = sse.lines().filter(l -> l.startsWith("event: ")).map(l -> l.substring(7)).toArray(String[]::new);
        assertEquals(Arrays.asList("message_start", "content_block_start", "content_block_delta", "content_block_delta",
                "content_block_stop", "message_delta", "message_stop"), Arrays.asList(names));
        assertTrue(sse.contains("\"usage\":{\"input_tokens\":9,\"output_tokens\":2}"), sse);
    }

    @Test
    void aToolCallStreamsAsToolCallDeltas() {
        byte[] tools = new EventStreamFrames()
                .event("messageStart", "{\"role\":\"assistant\"}")
                .event("contentBlockStart", "{\"contentBlockIndex\":0,\"start\":{\"toolUse\":{\"toolUseId\":\"t9\",\"name\":\"weather\"}}}")
                .event("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"toolUse\":{\"input\":\"{\\\"city\\\":\"}}}")
                .event("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"toolUse\":{\"input\":\"\\\"Bern\\\"}\"}}}")
                .event("contentBlockStop", "{\"contentBlockIndex\":0}")
                .event("messageStop", "{\"stopReason\":\"tool_use\"}")
                .event("metadata", "{\"usage\":{\"inputTokens\":3,\"outputTokens\":4,\"totalTokens\":7}}")
                .bytes();
        Translation t = new OpenAiOverConverse(doc("{\"model\":\"m\",\"stream\":true,\"messages\":[]}"), 64, 7L);
        t.request(MODEL);
        String sse = run(t.stream(), tools, 10);
        assertTrue(sse.contains("\"id\":\"t9\",\"type\":\"function\",\"function\":{\"name\":\"weather\""), sse);
        assertTrue(sse.contains("\"arguments\":\"{\\\"city\\\":\""), sse);
        assertTrue(sse.contains("\"finish_reason\":\"tool_calls\""), sse);
        assertTrue(sse.endsWith("data: [DONE]\n\n"), sse);
    }

    @Test
    void aCutStreamOrAMidStreamExceptionEndsInAnErrorEvent() {
        byte[] cut = Arrays.copyOf(TEXT_STREAM, TEXT_STREAM.length / 2);
        Translation openAi = new OpenAiOverConverse(doc("{\"model\":\"m\",\"stream\":true,\"messages\":[]}"), 64, 7L);
        openAi.request(MODEL);
        String sse = run(openAi.stream(), cut, 16);
        assertTrue(sse.contains("data: {\"error\":{\"message\":\"The provider stream ended before it was complete\""), sse);
        assertTrue(!sse.contains("[DONE]"), sse);

        byte[] throttled = new EventStreamFrames()
                .event("messageStart", "{\"role\":\"assistant\"}")
                .event("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"Hi\"}}")
                .exception("throttlingException", "Too many tokens")
                .bytes();
        Translation anthropic = new AnthropicOverConverse(doc("{\"model\":\"m\",\"stream\":true,\"messages\":[]}"));
        anthropic.request(MODEL);
        String events = run(anthropic.stream(), throttled, 1000);
        assertTrue(events.contains("event: error"), events);
        assertTrue(events.contains("throttlingException: Too many tokens"), events);
        assertTrue(!events.contains("message_stop"), events);
    }
}
