package dev.moniker.translate;

import dev.moniker.support.Transcripts;
import org.junit.jupiter.api.Test;

import static dev.moniker.support.Transcripts.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

class OpenAiToAnthropicResponseTest {

    @Test
    void textAndToolCallsWithCachedUsage() {
        assertEquals(json("""
                {"id":"chatcmpl-1","type":"message","role":"assistant","model":"gpt-4o-mini",
                 "content":[{"type":"text","text":"Checking."},
                   {"type":"tool_use","id":"call_1","name":"get_weather","input":{"location":"Paris"}}],
                 "stop_reason":"tool_use","stop_sequence":null,
                 "usage":{"input_tokens":80,"cache_creation_input_tokens":0,"cache_read_input_tokens":20,
                   "output_tokens":7}}"""),
                json(OpenAiToAnthropicResponse.translate(json("""
                {"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"gpt-4o-mini",
                 "choices":[{"index":0,"message":{"role":"assistant","content":"Checking.","refusal":null,
                   "tool_calls":[{"id":"call_1","type":"function",
                     "function":{"name":"get_weather","arguments":"{\\"location\\":\\"Paris\\"}"}}]},
                   "logprobs":null,"finish_reason":"tool_calls"}],
                 "usage":{"prompt_tokens":100,"completion_tokens":7,"total_tokens":107,
                   "prompt_tokens_details":{"cached_tokens":20}}}""")).toString()));
    }

    @Test
    void stopReasons() {
        assertEquals("end_turn", OpenAiToAnthropicResponse.stopReason("stop"));
        assertEquals("max_tokens", OpenAiToAnthropicResponse.stopReason("length"));
        assertEquals("tool_use", OpenAiToAnthropicResponse.stopReason("tool_calls"));
        assertEquals("refusal", OpenAiToAnthropicResponse.stopReason("content_filter"));
    }

    @Test
    void errorsUseAnthropicsEnvelopeAndTypes() {
        assertEquals(json("{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"Slow down\"}}"),
                OpenAiToAnthropicResponse.error(429, json("{\"error\":{\"message\":\"Slow down\","
                        + "\"type\":\"requests\",\"param\":null,\"code\":\"rate_limit_exceeded\"}}")));
        assertEquals(json("{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\",\"message\":\"bad key\"}}"),
                OpenAiToAnthropicResponse.error(401, json("{\"error\":{\"message\":\"bad key\"}}")));
        assertEquals(json("{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\","
                        + "\"message\":\"The provider answered with HTTP 503\"}}"),
                OpenAiToAnthropicResponse.error(503, null));
    }
}
