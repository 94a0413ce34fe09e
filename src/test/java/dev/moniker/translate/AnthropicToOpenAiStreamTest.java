package dev.moniker.translate;

import dev.moniker.wire.sse.SseParser;
import dev.moniker.support.Transcripts;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AnthropicToOpenAiStreamTest {

    private static final String HEAD = "{\"id\":\"%s\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
            + "\"model\":\"claude-3-5-sonnet-20241022\",\"choices\":[{\"index\":0,\"delta\":%s,\"logprobs\":null,"
            + "\"finish_reason\":%s}]}";

    private static String run(String transcript, boolean includeUsage, int chunkSize) {
        AnthropicToOpenAiStream stream = new AnthropicToOpenAiStream(includeUsage, 1700000000L);
        StringBuilder out = new StringBuilder();
        for (SseParser.Event event : Transcripts.events(Transcripts.read(transcript), chunkSize)) {
            out.append(stream.onEvent(event));
        }
        return out.append(stream.onEnd()).toString();
    }

    private static String chunk(String id, String delta, String finish) {
        return "data: " + HEAD.formatted(id, delta, finish) + "\n\n";
    }

    @Test
    void textStreamWithUsage() {
        String id = "msg_01XFDUDYJgAACzvnptvVoYEL";
        assertEquals(chunk(id, "{\"role\":\"assistant\",\"content\":\"\"}", "null")
                + chunk(id, "{\"content\":\"Hello\"}", "null")
                + chunk(id, "{\"content\":\"!\"}", "null")
                + chunk(id, "{}", "\"stop\"")
                + "data: {\"id\":\"" + id + "\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
                + "\"model\":\"claude-3-5-sonnet-20241022\",\"choices\":[],\"usage\":{\"prompt_tokens\":35,"
                + "\"completion_tokens\":15,\"total_tokens\":50,\"prompt_tokens_details\":{\"cached_tokens\":10}}}\n\n"
                + "data: [DONE]\n\n",
                run("anthropic-text.sse", true, 5));
    }

    @Test
    void toolUseStreamsAsToolCallDeltasWithIndex() {
        String id = "msg_014p7gG3wDgGV9EUtLvnow3U";
        assertEquals(chunk(id, "{\"role\":\"assistant\",\"content\":\"\"}", "null")
                + chunk(id, "{\"content\":\"Let me check.\"}", "null")
                + chunk(id, "{\"tool_calls\":[{\"index\":0,\"id\":\"toolu_01T1x1fJ34qAmk2tNTrN7Up6\",\"type\":\"function\","
                        + "\"function\":{\"name\":\"get_weather\",\"arguments\":\"\"}}]}", "null")
                + chunk(id, "{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"\"}}]}", "null")
                + chunk(id, "{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"location\\\":\"}}]}", "null")
                + chunk(id, "{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\" \\\"Paris\\\"}\"}}]}", "null")
                + chunk(id, "{}", "\"tool_calls\"")
                + "data: [DONE]\n\n",
                run("anthropic-tools.sse", false, 64));
    }

    @Test
    void errorEventEndsWithAnOpenAiErrorAndNoDone() {
        String id = "msg_02";
        assertEquals(chunk(id, "{\"role\":\"assistant\",\"content\":\"\"}", "null")
                + chunk(id, "{\"content\":\"Hel\"}", "null")
                + "data: {\"error\":{\"message\":\"Overloaded\",\"type\":\"api_error\",\"param\":null,"
                + "\"code\":\"overloaded_error\"}}\n\n",
                run("anthropic-overloaded.sse", true, 1));
    }

    @Test
    void streamCutBeforeMessageStopEndsWithAnError() {
        String id = "msg_03";
        assertEquals(chunk(id, "{\"role\":\"assistant\",\"content\":\"\"}", "null")
                + chunk(id, "{\"content\":\"Hel\"}", "null")
                + "data: {\"error\":{\"message\":\"The provider stream ended before it was complete\","
                + "\"type\":\"api_error\",\"param\":null,\"code\":\"stream_interrupted\"}}\n\n",
                run("anthropic-cut.sse", false, 9));
    }

    @Test
    void cumulativeUsageInMessageDeltaWins() {
        AnthropicToOpenAiStream stream = new AnthropicToOpenAiStream(true, 1L);
        stream.onEvent(new SseParser.Event("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"m\","
                + "\"model\":\"c\",\"usage\":{\"input_tokens\":5,\"output_tokens\":1}}}"));
        stream.onEvent(new SseParser.Event("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":"
                + "\"max_tokens\"},\"usage\":{\"input_tokens\":7,\"cache_read_input_tokens\":3,\"output_tokens\":9}}"));
        assertEquals("data: {\"id\":\"m\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"c\","
                + "\"choices\":[],\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":9,\"total_tokens\":19,"
                + "\"prompt_tokens_details\":{\"cached_tokens\":3}}}\n\ndata: [DONE]\n\n",
                stream.onEvent(new SseParser.Event("message_stop", "{\"type\":\"message_stop\"}")));
    }

    @Test
    void reportsCompletion() {
        AnthropicToOpenAiStream stream = new AnthropicToOpenAiStream(false, 1L);
        Transcripts.events(Transcripts.read("anthropic-text.sse"), 100_000).forEach(stream::onEvent);
        assertTrue(stream.completed());
        assertFalse(stream.failed());
        assertEquals("", stream.onEnd());
    }
}
