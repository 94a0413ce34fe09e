package dev.moniker.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.moniker.wire.sse.SseParser;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Chat-completion chunks to the Responses API's typed events: text, parallel tool calls, usage, and a cut. */
class ChatToResponsesStreamTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String ID = "resp_" + "a".repeat(32);

    private static final String TOOL_CALLS = """
            data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"llama","choices":[{"index":0,"delta":{"role":"assistant","content":"Checking"},"finish_reason":null}]}

            data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"llama","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_a","type":"function","function":{"name":"weather","arguments":""}}]},"finish_reason":null}]}

            data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"llama","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\\"city\\":"}}]},"finish_reason":null}]}

            data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"llama","choices":[{"index":0,"delta":{"tool_calls":[{"index":1,"id":"call_b","type":"function","function":{"name":"time","arguments":"{}"}}]},"finish_reason":null}]}

            data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"llama","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"\\"Oslo\\"}"}}]},"finish_reason":"tool_calls"}]}

            data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"llama","choices":[],"usage":{"prompt_tokens":11,"completion_tokens":7,"total_tokens":18}}

            data: [DONE]

            """;

    /** Feeds {@code chat} in chunks of {@code size} bytes (events cut anywhere); then the provider's end. */
    private static List<SseParser.Event> run(String chat, int size, boolean ended) {
        TranslatingStream stream = new TranslatingStream(new ChatToResponsesStream(
                MAPPER.createObjectNode().put("model", "tools-model"), ID, 1700000000L));
        StringBuilder out = new StringBuilder();
        byte[] bytes = chat.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i += size) {
            byte[] part = java.util.Arrays.copyOfRange(bytes, i, Math.min(bytes.length, i + size));
            out.append(stream.onChunk(io.vertx.core.buffer.Buffer.buffer(part)).toString(StandardCharsets.UTF_8));
        }
        out.append((ended ? stream.ending() : stream.failure("connection reset")).toString(StandardCharsets.UTF_8));
        return new SseParser().feed(out.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode data(SseParser.Event event) {
        try {
            return MAPPER.readTree(event.data());
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void textAndParallelToolCallsBecomeOutputItemsInOrder() {
        for (int size : new int[] {7, 64, 100_000}) {
            List<SseParser.Event> events = run(TOOL_CALLS, size, true);
            assertEquals(List.of("response.created", "response.in_progress", "response.output_item.added",
                    "response.content_part.added", "response.output_text.delta", "response.output_item.added",
                    "response.function_call_arguments.delta", "response.output_item.added",
                    "response.function_call_arguments.delta", "response.function_call_arguments.delta",
                    "response.output_text.done", "response.content_part.done", "response.output_item.done",
                    "response.function_call_arguments.done", "response.output_item.done",
                    "response.function_call_arguments.done", "response.output_item.done", "response.completed"),
                    events.stream().map(SseParser.Event::name).toList(), "chunks of " + size);
            for (int i = 0; i < events.size(); i++) {
                assertEquals(events.get(i).name(), data(events.get(i)).path("type").asText());
                assertEquals(i, data(events.get(i)).path("sequence_number").asInt());
            }
            JsonNode response = data(events.get(events.size() - 1)).path("response");
            assertEquals("completed", response.path("status").asText());
            assertEquals("Checking", response.at("/output/0/content/0/text").asText());
            assertEquals("call_a", response.at("/output/1/call_id").asText());
            assertEquals("{\"city\":\"Oslo\"}", response.at("/output/1/arguments").asText());
            assertEquals("time", response.at("/output/2/name").asText());
            assertEquals(18, response.at("/usage/total_tokens").asInt());
            assertEquals(2, events.stream().filter(e -> e.name().equals("response.output_item.added")
                    && data(e).at("/item/type").asText().equals("function_call")).count());
        }
    }

    @Test
    void aStreamCutMidWayEndsInAnErrorEventAndNeverCompletes() {
        String cut = TOOL_CALLS.substring(0, TOOL_CALLS.indexOf("data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\","
                + "\"created\":1,\"model\":\"llama\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":1"));
        for (boolean ended : new boolean[] {true, false}) {
            List<SseParser.Event> events = run(cut, 13, ended);
            SseParser.Event last = events.get(events.size() - 1);
            assertEquals("error", last.name());
            assertEquals("stream_interrupted", data(last).path("code").asText());
            assertTrue(events.stream().noneMatch(e -> e.name().startsWith("response.completed")),
                    events.stream().map(SseParser.Event::name).collect(Collectors.joining(", ")));
        }
    }

    @Test
    void aLengthFinishIsAnIncompleteResponse() {
        String stream = """
                data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"llama","choices":[{"index":0,"delta":{"content":"Long"},"finish_reason":"length"}]}

                data: [DONE]

                """;
        List<SseParser.Event> events = run(stream, 1000, true);
        JsonNode last = data(events.get(events.size() - 1));
        assertEquals("response.incomplete", last.path("type").asText());
        assertEquals("max_output_tokens", last.at("/response/incomplete_details/reason").asText());
    }
}
