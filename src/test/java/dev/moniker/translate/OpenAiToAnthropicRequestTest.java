package dev.moniker.translate;

import dev.moniker.support.Transcripts;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static dev.moniker.support.Transcripts.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class OpenAiToAnthropicRequestTest {

    private static JsonNode translate(String openAi) {
        return OpenAiToAnthropicRequest.translate(json(openAi), "claude-3-5-sonnet-20241022", 4096);
    }

    @Test
    void plainTextWithDefaultMaxTokens() {
        assertEquals(json("""
                {"model":"claude-3-5-sonnet-20241022","max_tokens":4096,
                 "messages":[{"role":"user","content":[{"type":"text","text":"Hello"}]}]}"""),
                translate("""
                {"model":"creative-model","messages":[{"role":"user","content":"Hello"}]}"""));
    }

    @Test
    void systemAndDeveloperMessagesBecomeSystemAndSameRoleTurnsMerge() {
        assertEquals(json("""
                {"model":"claude-3-5-sonnet-20241022","max_tokens":100,
                 "system":[{"type":"text","text":"Be brief."},{"type":"text","text":"Answer in French."}],
                 "messages":[
                   {"role":"user","content":[{"type":"text","text":"Hi"},{"type":"text","text":"Are you there?"}]},
                   {"role":"assistant","content":[{"type":"text","text":"Oui."},{"type":"text","text":"Bonjour."}]},
                   {"role":"user","content":[{"type":"text","text":"Bye"}]}],
                 "stop_sequences":["END"],"temperature":0.2,"top_p":0.9,"metadata":{"user_id":"user-42"},
                 "stream":true}"""),
                translate("""
                {"model":"x","max_tokens":100,"max_completion_tokens":null,
                 "messages":[{"role":"system","content":"Be brief."},
                   {"role":"user","content":"Hi"},{"role":"user","content":[{"type":"text","text":"Are you there?"}]},
                   {"role":"developer","content":[{"type":"text","text":"Answer in French."}]},
                   {"role":"assistant","content":"Oui."},{"role":"assistant","content":"Bonjour."},
                   {"role":"user","content":"Bye","name":"bob"}],
                 "stop":"END","temperature":0.2,"top_p":0.9,"user":"user-42","stream":true,
                 "stream_options":{"include_usage":true},"frequency_penalty":0.5,"presence_penalty":0.1,
                 "seed":7,"logprobs":false,"response_format":{"type":"text"},"n":1}"""));
    }

    @Test
    void singleSystemMessageIsAStringAndMaxCompletionTokensWins() {
        assertEquals(json("""
                {"model":"claude-3-5-sonnet-20241022","max_tokens":50,"system":"S",
                 "messages":[{"role":"user","content":[{"type":"text","text":"Q"}]}],"stop_sequences":["a","b"]}"""),
                translate("""
                {"messages":[{"role":"system","content":"S"},{"role":"user","content":"Q"}],
                 "max_tokens":999,"max_completion_tokens":50,"stop":["a","b"]}"""));
    }

    @Test
    void toolsToolChoiceToolCallsAndToolResults() {
        assertEquals(json("""
                {"model":"claude-3-5-sonnet-20241022","max_tokens":4096,
                 "messages":[
                   {"role":"user","content":[{"type":"text","text":"Weather in Paris and Rome?"}]},
                   {"role":"assistant","content":[{"type":"text","text":"Checking."},
                     {"type":"tool_use","id":"call_1","name":"get_weather","input":{"location":"Paris"}},
                     {"type":"tool_use","id":"call_2","name":"get_weather","input":{}}]},
                   {"role":"user","content":[
                     {"type":"tool_result","tool_use_id":"call_1","content":"18C"},
                     {"type":"tool_result","tool_use_id":"call_2","content":"21C"},
                     {"type":"text","text":"Thanks"}]}],
                 "tools":[{"name":"get_weather","description":"Current weather",
                   "input_schema":{"type":"object","properties":{"location":{"type":"string"}},"required":["location"]}},
                   {"name":"now","input_schema":{"type":"object","properties":{}}}],
                 "tool_choice":{"type":"any","disable_parallel_tool_use":true}}"""),
                translate("""
                {"messages":[{"role":"user","content":"Weather in Paris and Rome?"},
                   {"role":"assistant","content":"Checking.","tool_calls":[
                     {"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\\"location\\":\\"Paris\\"}"}},
                     {"id":"call_2","type":"function","function":{"name":"get_weather","arguments":""}}]},
                   {"role":"tool","tool_call_id":"call_1","content":"18C"},
                   {"role":"tool","tool_call_id":"call_2","content":[{"type":"text","text":"21C"}]},
                   {"role":"user","content":"Thanks"}],
                 "tools":[{"type":"function","function":{"name":"get_weather","description":"Current weather",
                   "parameters":{"type":"object","properties":{"location":{"type":"string"}},"required":["location"]},
                   "strict":true}},
                   {"type":"function","function":{"name":"now"}}],
                 "tool_choice":"required","parallel_tool_calls":false}"""));
    }

    @Test
    void toolChoiceVariants() {
        String base = "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
                + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"parameters\":{\"type\":\"object\"}}}],";
        assertEquals(json("{\"type\":\"auto\"}"), translate(base + "\"tool_choice\":\"auto\"}").get("tool_choice"));
        assertEquals(json("{\"type\":\"none\"}"), translate(base + "\"tool_choice\":\"none\"}").get("tool_choice"));
        assertEquals(json("{\"type\":\"tool\",\"name\":\"f\"}"), translate(base
                + "\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"f\"}}}").get("tool_choice"));
        assertEquals(json("{\"type\":\"auto\",\"disable_parallel_tool_use\":true}"),
                translate(base + "\"parallel_tool_calls\":false}").get("tool_choice"));
        assertEquals(null, translate(base + "\"parallel_tool_calls\":true}").get("tool_choice"));
    }

    @Test
    void imagesFromDataAndHttpUrls() {
        assertEquals(json("""
                [{"role":"user","content":[{"type":"text","text":"What is this?"},
                  {"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBORw0KGgo="}},
                  {"type":"image","source":{"type":"url","url":"https://example.com/cat.jpg"}}]}]"""),
                translate("""
                {"messages":[{"role":"user","content":[{"type":"text","text":"What is this?"},
                  {"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo=","detail":"high"}},
                  {"type":"image_url","image_url":{"url":"https://example.com/cat.jpg"}}]}]}""").get("messages"));
    }

    @Test
    void refusesWhatCannotBeTranslatedWithoutLoss() {
        assertEquals("n", assertThrows(TranslationException.class, () -> translate(
                "{\"n\":2,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}")).param());
        assertEquals("messages[0].content", assertThrows(TranslationException.class, () -> translate(
                "{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"input_audio\",\"input_audio\":{}}]}]}"))
                .param());
        assertEquals("messages[0].tool_calls[0].function.arguments", assertThrows(TranslationException.class,
                () -> translate("{\"messages\":[{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"c\",\"type\":"
                        + "\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{not json\"}}]}]}")).param());
    }

    @Test
    void toolCallArgumentsSentAsAnObjectAreKept() {
        assertEquals(json("[{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\",\"id\":\"c\","
                        + "\"name\":\"f\",\"input\":{\"a\":1}}]}]"),
                translate("{\"messages\":[{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"c\","
                        + "\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":{\"a\":1}}}]}]}")
                        .get("messages"));
    }

    @Test
    void neverMutatesTheInputSoAFallbackCanTranslateAgain() {
        JsonNode input = json("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
                + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"parameters\":{\"type\":\"object\"}}}]}");
        JsonNode copy = input.deepCopy();
        JsonNode first = OpenAiToAnthropicRequest.translate(input, "a", 10);
        assertEquals(copy, input);
        assertEquals(first, OpenAiToAnthropicRequest.translate(input, "a", 10));
    }
}
