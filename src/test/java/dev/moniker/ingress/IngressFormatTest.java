package dev.moniker.ingress;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.moniker.wire.GatewayError;
import dev.moniker.wire.RequestDocument;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Each ingress API judges a request's shape in its own words, and both judge the same shapes. */
class IngressFormatTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static GatewayError check(IngressFormat format, String json) {
        return format.check(RequestDocument.parse(MAPPER, json.getBytes(StandardCharsets.UTF_8)).shape());
    }

    private static void assertRefused(IngressFormat format, String json, String param, String message) {
        GatewayError error = check(format, json);
        assertEquals(400, error.status(), json);
        assertEquals(param, error.param(), json);
        assertEquals(message, error.message(), json);
    }

    @Test
    void openAiWordsItsRefusalsAsOpenAiDoes() {
        IngressFormat openAi = IngressFormat.OPENAI;
        assertRefused(openAi, "{\"model\":\"x\"}", "messages", "Missing required parameter: 'messages'");
        assertRefused(openAi, "{\"messages\":null}", "messages", "Missing required parameter: 'messages'");
        assertRefused(openAi, "{\"messages\":[]}", "messages", "Invalid 'messages': expected a non-empty array of messages");
        assertRefused(openAi, "{\"messages\":{}}", "messages", "Invalid 'messages': expected a non-empty array of messages");
        assertRefused(openAi, "{\"model\":42,\"messages\":[{}]}", "model", "Invalid 'model': expected a model name");
        assertRefused(openAi, "{\"model\":\"  \",\"messages\":[{}]}", "model", "Invalid 'model': expected a model name");
        assertRefused(openAi, "{\"stream\":\"yes\",\"messages\":[{}]}", "stream", "Invalid 'stream': expected a boolean");
        assertRefused(openAi, "{\"model\":1,\"stream\":\"yes\"}", "messages", "Missing required parameter: 'messages'");
        assertNull(check(openAi, "{\"model\":null,\"messages\":[{}],\"stream\":null}"));
    }

    @Test
    void anthropicWordsItsRefusalsAsAnthropicDoes() {
        IngressFormat anthropic = IngressFormat.ANTHROPIC;
        assertRefused(anthropic, "{\"model\":\"x\"}", "messages", "messages: expected a non-empty array of messages");
        assertRefused(anthropic, "{\"messages\":[]}", "messages", "messages: expected a non-empty array of messages");
        assertRefused(anthropic, "{\"model\":42,\"messages\":[{}]}", "model", "model: expected a model name");
        assertRefused(anthropic, "{\"stream\":1,\"messages\":[{}]}", "stream", "stream: expected a boolean");
        assertNull(check(anthropic, "{\"model\":\"claude\",\"messages\":[{}],\"stream\":true}"));
    }

    @Test
    void malformedBodiesKeepTheParsersReasonOnlyForOpenAi() {
        RequestDocument.Malformed malformed = org.junit.jupiter.api.Assertions.assertThrows(
                RequestDocument.Malformed.class, () -> RequestDocument.parse(MAPPER, "{\"a\":".getBytes()));
        assertEquals("The request body is not valid JSON", IngressFormat.ANTHROPIC.malformed(malformed).message());
        assertEquals("The request body is not valid JSON: " + malformed.detail(),
                IngressFormat.OPENAI.malformed(malformed).message());
    }
}
