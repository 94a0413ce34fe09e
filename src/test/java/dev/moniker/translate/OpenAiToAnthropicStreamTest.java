package dev.moniker.translate;

import dev.moniker.wire.sse.SseParser;
import dev.moniker.support.Transcripts;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class OpenAiToAnthropicStreamTest {

    private static String run(String transcript, int chunkSize) {
        OpenAiToAnthropicStream stream = new OpenAiToAnthropicStream();
        StringBuilder out = new StringBuilder();
        for (SseParser.Event event : Transcripts.events(Transcripts.read(transcript), chunkSize)) {
            out.append(stream.onEvent(event));
        }
        return out.append(stream.onEnd()).toString();
    }

    private static String event(String name, String data) {
        return "event: " + name + "\ndata: " + data + "\n\n";
    }

    @Test
    void textStreamInAnthropicOrder() {
        assertEquals(event("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"chatcmpl-9\",\"type\":"
                        + "\"message\",\"role\":\"assistant\",\"model\":\"gpt-4o-mini\",\"content\":[],\"stop_reason\":null,"
                        + "\"stop_sequence\":null,\"usage\":{\"input_tokens\":0,\"output_tokens\":0}}}")
                + event("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":"
                        + "{\"type\":\"text\",\"text\":\"\"}}")
                + event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":"
                        + "{\"type\":\"text_delta\",\"text\":\"Hello\"}}")
                + event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":"
                        + "{\"type\":\"text_delta\",\"text\":\"!\"}}")
                + event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}")
                + event("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\","
                        + "\"stop_sequence\":null},\"usage\":{\"output_tokens\":3,\"input_tokens\":16,"
                        + "\"cache_read_input_tokens\":4}}")
                + event("message_stop", "{\"type\":\"message_stop\"}"),
                run("openai-text.sse", 11));
    }

    @Test
    void parallelToolCallsBecomeToolUseBlocks() {
        assertEquals(event("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"chatcmpl-7\",\"type\":"
                        + "\"message\",\"role\":\"assistant\",\"model\":\"gpt-4o\",\"content\":[],\"stop_reason\":null,"
                        + "\"stop_sequence\":null,\"usage\":{\"input_tokens\":0,\"output_tokens\":0}}}")
                + event("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":"
                        + "{\"type\":\"tool_use\",\"id\":\"call_abc\",\"name\":\"get_weather\",\"input\":{}}}")
                + event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":"
                        + "{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"loc\"}}")
                + event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":"
                        + "{\"type\":\"input_json_delta\",\"partial_json\":\"ation\\\":\\\"Paris\\\"}\"}}")
                + event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}")
                + event("content_block_start", "{\"type\":\"content_block_start\",\"index\":1,\"content_block\":"
                        + "{\"type\":\"tool_use\",\"id\":\"call_def\",\"name\":\"now\",\"input\":{}}}")
                + event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":"
                        + "{\"type\":\"input_json_delta\",\"partial_json\":\"{}\"}}")
                + event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":1}")
                + event("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\","
                        + "\"stop_sequence\":null},\"usage\":{\"output_tokens\":0,\"input_tokens\":0,"
                        + "\"cache_read_input_tokens\":0}}")
                + event("message_stop", "{\"type\":\"message_stop\"}"),
                run("openai-tools.sse", 1));
    }

    @Test
    void cutStreamEndsWithAnErrorEvent() {
        assertEquals(event("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"chatcmpl-5\",\"type\":"
                        + "\"message\",\"role\":\"assistant\",\"model\":\"gpt-4o-mini\",\"content\":[],\"stop_reason\":null,"
                        + "\"stop_sequence\":null,\"usage\":{\"input_tokens\":0,\"output_tokens\":0}}}")
                + event("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":"
                        + "{\"type\":\"text\",\"text\":\"\"}}")
                + event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":"
                        + "{\"type\":\"text_delta\",\"text\":\"Hel\"}}")
                + event("error", "{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":"
                        + "\"The provider stream ended before it was complete\"}}"),
                run("openai-cut.sse", 13));
    }

    @Test
    void errorChunkBecomesAnErrorEvent() {
        OpenAiToAnthropicStream stream = new OpenAiToAnthropicStream();
        assertEquals(event("error", "{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"boom\"}}"),
                stream.onEvent(new SseParser.Event(null, "{\"error\":{\"message\":\"boom\",\"type\":\"server_error\"}}")));
        assertEquals("", stream.onEnd());
    }
}
