package dev.moniker.translate;

import dev.moniker.support.Transcripts;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static dev.moniker.support.Transcripts.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AnthropicToOpenAiRequestTest {

    private static JsonNode translate(String anthropic, boolean maxCompletionTokens) {
        return json(AnthropicToOpenAiRequest.translate(json(anthropic), "gpt-4o-mini", maxCompletionTokens).toString());
    }

    @Test
    void textSystemAndSamplingFields() {
        assertEquals(json("""
                {"model":"gpt-4o-mini","messages":[{"role":"system","content":"Be brief.\\n\\nBe kind."},
                   {"role":"user","content":"Hello"},{"role":"assistant","content":"Hi!"},
                   {"role":"user","content":[{"type":"text","text":"How are you?"}]}],
                 "max_completion_tokens":256,"stop":["END"],"temperature":0.5,"top_p":0.9,"user":"u-1",
                 "stream":true,"stream_options":{"include_usage":true}}"""),
                translate("""
                {"model":"fast-model","max_tokens":256,
                 "system":[{"type":"text","text":"Be brief.","cache_control":{"type":"ephemeral"}},{"type":"text","text":"Be kind."}],
                 "messages":[{"role":"user","content":"Hello"},{"role":"assistant","content":"Hi!"},
                   {"role":"user","content":[{"type":"text","text":"How are you?"}]}],
                 "stop_sequences":["END"],"temperature":0.5,"top_p":0.9,"top_k":40,"metadata":{"user_id":"u-1"},
                 "stream":true,"thinking":{"type":"enabled","budget_tokens":1024}}""", true));
    }

    @Test
    void toolsToolUseAndToolResultsAndImages() {
        assertEquals(json("""
                {"model":"gpt-4o-mini","messages":[
                   {"role":"user","content":[{"type":"text","text":"Weather?"},
                     {"type":"image_url","image_url":{"url":"data:image/jpeg;base64,/9j/4AAQ"}},
                     {"type":"image_url","image_url":{"url":"https://example.com/a.png"}}]},
                   {"role":"assistant","content":"Checking.","tool_calls":[{"id":"toolu_1","type":"function",
                     "function":{"name":"get_weather","arguments":"{\\"location\\":\\"Paris\\"}"}}]},
                   {"role":"tool","tool_call_id":"toolu_1","content":"18C"},
                   {"role":"user","content":[{"type":"text","text":"And now?"}]},
                   {"role":"assistant","content":null,"tool_calls":[{"id":"toolu_2","type":"function",
                     "function":{"name":"now","arguments":"{}"}}]},
                   {"role":"tool","tool_call_id":"toolu_2","content":"noon"}],
                 "max_tokens":100,
                 "tools":[{"type":"function","function":{"name":"get_weather","description":"Weather",
                   "parameters":{"type":"object","properties":{"location":{"type":"string"}}}}},
                   {"type":"function","function":{"name":"now","parameters":{"type":"object"}}}],
                 "tool_choice":{"type":"function","function":{"name":"get_weather"}},"parallel_tool_calls":false}"""),
                translate("""
                {"model":"m","max_tokens":100,"messages":[
                   {"role":"user","content":[{"type":"text","text":"Weather?"},
                     {"type":"image","source":{"type":"base64","media_type":"image/jpeg","data":"/9j/4AAQ"}},
                     {"type":"image","source":{"type":"url","url":"https://example.com/a.png"}}]},
                   {"role":"assistant","content":[{"type":"thinking","thinking":"t","signature":"s"},
                     {"type":"text","text":"Checking."},
                     {"type":"tool_use","id":"toolu_1","name":"get_weather","input":{"location":"Paris"}}]},
                   {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":"18C"},
                     {"type":"text","text":"And now?"}]},
                   {"role":"assistant","content":[{"type":"tool_use","id":"toolu_2","name":"now","input":{}}]},
                   {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_2",
                     "content":[{"type":"text","text":"noon"}]}]}],
                 "tools":[{"name":"get_weather","description":"Weather",
                   "input_schema":{"type":"object","properties":{"location":{"type":"string"}}}},
                   {"name":"now","input_schema":{"type":"object"}}],
                 "tool_choice":{"type":"tool","name":"get_weather","disable_parallel_tool_use":true}}""", false));
    }

    @Test
    void toolChoiceVariants() {
        String base = "{\"max_tokens\":1,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
                + "\"tools\":[{\"name\":\"f\",\"input_schema\":{\"type\":\"object\"}}],\"tool_choice\":";
        assertEquals(json("\"auto\""), translate(base + "{\"type\":\"auto\"}}", false).get("tool_choice"));
        assertEquals(json("\"required\""), translate(base + "{\"type\":\"any\"}}", false).get("tool_choice"));
        assertEquals(json("\"none\""), translate(base + "{\"type\":\"none\"}}", false).get("tool_choice"));
    }

    @Test
    void refusesServerToolsAndDocuments() {
        assertThrows(TranslationException.class, () -> translate("{\"max_tokens\":1,\"messages\":[{\"role\":\"user\","
                + "\"content\":\"x\"}],\"tools\":[{\"type\":\"web_search_20250305\",\"name\":\"web_search\"}]}", false));
        assertThrows(TranslationException.class, () -> translate("{\"max_tokens\":1,\"messages\":[{\"role\":\"user\","
                + "\"content\":[{\"type\":\"document\",\"source\":{}}]}]}", false));
    }

    @Test
    void neverMutatesTheInput() {
        JsonNode input = json("{\"model\":\"m\",\"max_tokens\":5,\"stream\":true,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
        JsonNode copy = input.deepCopy();
        JsonNode first = AnthropicToOpenAiRequest.translate(input, "a", true);
        assertEquals(copy, input);
        assertEquals(first, AnthropicToOpenAiRequest.translate(input, "a", true));
    }
}
