package dev.moniker.translate;

import dev.moniker.support.Transcripts;
import dev.moniker.wire.GatewayError;
import org.junit.jupiter.api.Test;

import static dev.moniker.support.Transcripts.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

class AnthropicToOpenAiResponseTest {

    /** Re-parsed so numbers compare by value whatever node type built them. */
    private static com.fasterxml.jackson.databind.JsonNode translate(String anthropic, long created) {
        return json(AnthropicToOpenAiResponse.translate(json(anthropic), created).toString());
    }

    @Test
    void textAnswerWithCacheUsage() {
        assertEquals(json("""
                {"id":"msg_01","object":"chat.completion","created":1700000000,"model":"claude-3-5-sonnet-20241022",
                 "choices":[{"index":0,"message":{"role":"assistant","content":"Hello! How can I help?","refusal":null},
                   "logprobs":null,"finish_reason":"stop"}],
                 "usage":{"prompt_tokens":135,"completion_tokens":12,"total_tokens":147,
                   "prompt_tokens_details":{"cached_tokens":100}}}"""),
                translate(("""
                {"id":"msg_01","type":"message","role":"assistant","model":"claude-3-5-sonnet-20241022",
                 "content":[{"type":"text","text":"Hello! "},{"type":"text","text":"How can I help?"}],
                 "stop_reason":"end_turn","stop_sequence":null,
                 "usage":{"input_tokens":25,"cache_creation_input_tokens":10,"cache_read_input_tokens":100,
                   "output_tokens":12}}"""), 1700000000L));
    }

    @Test
    void toolUseBecomesToolCallsWithJsonStringArguments() {
        assertEquals(json("""
                {"id":"msg_02","object":"chat.completion","created":1,"model":"claude-3-5-sonnet-20241022",
                 "choices":[{"index":0,"message":{"role":"assistant","content":null,"refusal":null,
                   "tool_calls":[{"id":"toolu_01","type":"function",
                     "function":{"name":"get_weather","arguments":"{\\"location\\":\\"Paris\\",\\"unit\\":\\"c\\"}"}},
                     {"id":"toolu_02","type":"function","function":{"name":"now","arguments":"{}"}}]},
                   "logprobs":null,"finish_reason":"tool_calls"}],
                 "usage":{"prompt_tokens":400,"completion_tokens":60,"total_tokens":460,
                   "prompt_tokens_details":{"cached_tokens":0}}}"""),
                translate(("""
                {"id":"msg_02","type":"message","role":"assistant","model":"claude-3-5-sonnet-20241022",
                 "content":[{"type":"thinking","thinking":"hmm","signature":"sig"},
                   {"type":"tool_use","id":"toolu_01","name":"get_weather","input":{"location":"Paris","unit":"c"}},
                   {"type":"tool_use","id":"toolu_02","name":"now","input":{}}],
                 "stop_reason":"tool_use","stop_sequence":null,"usage":{"input_tokens":400,"output_tokens":60}}"""),
                        1L));
    }

    @Test
    void stopReasons() {
        assertEquals("stop", AnthropicToOpenAiResponse.finishReason("end_turn"));
        assertEquals("stop", AnthropicToOpenAiResponse.finishReason("stop_sequence"));
        assertEquals("length", AnthropicToOpenAiResponse.finishReason("max_tokens"));
        assertEquals("tool_calls", AnthropicToOpenAiResponse.finishReason("tool_use"));
        assertEquals("content_filter", AnthropicToOpenAiResponse.finishReason("refusal"));
        assertEquals("stop", AnthropicToOpenAiResponse.finishReason("pause_turn"));
        assertEquals(null, AnthropicToOpenAiResponse.finishReason(null));
    }

    @Test
    void errorsMapToTheOpenAiEnvelope() {
        assertEquals(new GatewayError(503, "api_error", "overloaded_error", null, "Overloaded"),
                AnthropicToOpenAiResponse.error(529, json(
                        "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}")));
        assertEquals(new GatewayError(429, "rate_limit_error", "rate_limit_error", null, "Slow down"),
                AnthropicToOpenAiResponse.error(429, json(
                        "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"Slow down\"}}")));
        assertEquals(new GatewayError(400, "invalid_request_error", "invalid_request_error", null, "bad"),
                AnthropicToOpenAiResponse.error(400, json(
                        "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\"bad\"}}")));
        assertEquals(new GatewayError(401, "authentication_error", "authentication_error", null, "invalid x-api-key"),
                AnthropicToOpenAiResponse.error(401, json(
                        "{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\",\"message\":\"invalid x-api-key\"}}")));
        assertEquals(new GatewayError(502, "api_error", "api_error", null, "The provider answered with HTTP 502"),
                AnthropicToOpenAiResponse.error(502, null));
    }
}
