package dev.moniker.wire;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The streaming read and the model splice mean exactly what the former tree read and re-serialization meant. */
class RequestDocumentTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static RequestDocument parse(String json) {
        return RequestDocument.parse(MAPPER, json.getBytes(StandardCharsets.UTF_8));
    }

    /** The former behaviour: parse to a tree, put model (in place, or appended), serialize. */
    private static String treeRewrite(String json, String model) throws Exception {
        ObjectNode tree = (ObjectNode) MAPPER.readTree(json);
        tree.put("model", model);
        return tree.toString();
    }

    private static String upstream(RequestDocument request, String model) {
        return request.withModel(model).toString(StandardCharsets.UTF_8);
    }

    /** Same members, same order, same values as the tree rewrite. */
    private static void assertSameJson(String expected, String actual) throws Exception {
        assertEquals(expected, MAPPER.readTree(actual).toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"model\":\"fast-model\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}",
            "{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"model\":\"fast-model\",\"temperature\":0.2}",
            "  {\n  \"temperature\" : 1.0e2 ,\n  \"model\" :  \"fast-model\" ,\n  \"messages\" : [ {\"role\":\"user\",\"content\":\"x\"} ]\n}\n",
            "{\"model\":\"f\\u00e4st \\\"quoted\\\" \\\\ model\",\"messages\":[{\"role\":\"user\",\"content\":\"Z\u00fcrich \\u00fc \\ud83d\\ude00 \ud83d\ude00 \\n\\t\"}]}",
            "{\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"x\",\"schema\":{\"type\":\"object\",\"properties\":{\"model\":{\"type\":\"string\"}}}}},\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"{\\\"model\\\":\\\"inner\\\"}\"}]}],\"tools\":[],\"x_unknown\":{\"a\":[1,2,{\"b\":null}]},\"stream\":false}",
            "{\"model\":null,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}",
            "{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}",
            "{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"stream\":true,\"stream_options\":{\"include_usage\":true}}",
            "{\"model\":\"a\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"model\":\"b\"}",
            "{\"model\":\"a\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\",\"content\":\"twice\"}]}",
    })
    void upstreamBodyMeansWhatTheTreeRewriteMeant(String json) throws Exception {
        RequestDocument request = parse(json);
        for (String model : new String[]{"gpt-4o-mini", "llama3.1:8b-instruct", "we\"ird\\mod\u00e9l\n"}) {
            String spliced = upstream(request, model);
            assertSameJson(treeRewrite(json, model), spliced);
            assertEquals(model, MAPPER.readTree(spliced).get("model").asText());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}  \n",
            "{\"stream\":true,\"messages\":[]}",
            "{\"model\":\"a\",\"stream\":true,\"model\":\"b\"}",
    })
    void streamUsageIsAddedAsAMemberOfTheRoot(String json) throws Exception {
        RequestDocument request = parse(json);
        assertFalse(request.namesStreamOptions());
        var sent = MAPPER.readTree(request.withModelAndStreamUsage("gpt-4o-mini").toString());
        assertEquals("gpt-4o-mini", sent.get("model").asText());
        assertTrue(sent.path("stream_options").path("include_usage").asBoolean());
        assertTrue(sent.get("stream").asBoolean());
    }

    @Test
    void aCallersStreamOptionsAreSeen() {
        assertTrue(parse("{\"stream\":true,\"stream_options\":{\"include_usage\":false},\"messages\":[]}")
                .namesStreamOptions());
        assertTrue(parse("{\"stream\":true,\"stream_options\":null,\"stream\":true}").namesStreamOptions(),
                "also on the tree path");
    }

    @Test
    void everythingButModelTravelsByteForByte() {
        String json = "{ \"temperature\": 1.50, \"model\": \"fast-model\", \"messages\": [{\"role\":\"user\","
                + "\"content\":\"Z\\u00fcrich \u00fc\"}], \"n\": 1E0 }";
        assertEquals(json.replace("\"fast-model\"", "\"gpt-4o-mini\""), upstream(parse(json), "gpt-4o-mini"));
    }

    @Test
    void absentModelIsAddedAsLastMember() {
        assertEquals("{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}] ,\"model\":\"gpt-4o\"}",
                upstream(parse("{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}] }"), "gpt-4o"));
    }

    @Test
    void nullModelIsReplacedInPlace() {
        RequestDocument request = parse("{\"model\":null,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
        assertNull(request.model());
        assertEquals("{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}",
                upstream(request, "gpt-4o"));
    }

    @Test
    void spliceIsRepeatableForFallbackAttempts() {
        RequestDocument request = parse("{\"model\":\"fast\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
        assertEquals("{\"model\":\"a\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}", upstream(request, "a"));
        assertEquals("{\"model\":\"bb\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}", upstream(request, "bb"));
    }

    @Test
    void duplicatedKeysMeanTheLastValueAsBefore() {
        RequestDocument request = parse("{\"model\":\"a\",\"stream\":true,\"messages\":[{\"role\":\"user\","
                + "\"content\":\"Hi\"}],\"model\":\"b\",\"stream\":false}");
        assertEquals("b", request.model());
        assertFalse(request.stream());
    }

    @Test
    void readsModelAndStream() {
        RequestDocument request = parse("{\"stream\":true,\"model\":\"fast\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
        assertEquals("fast", request.model());
        assertTrue(request.stream());
        assertEquals("fast", request.tree().get("model").asText());
        assertFalse(parse("{\"stream\":null,\"messages\":[{}]}").stream());
    }

    @Test
    void refusesWhatIsNotOneJsonObjectAsTheTreeReadDid() {
        assertMalformed("", "The request body is empty; expected a JSON object");
        assertMalformed("   ", "The request body must be a JSON object");
        assertMalformed("[1,2]", "The request body must be a JSON object");
        assertMalformed("\"text\"", "The request body must be a JSON object");
        assertMalformed("{\"messages\":[}", "The request body is not valid JSON");
        assertMalformed("{\"model\":\"x\"", "The request body is not valid JSON");
        assertMalformed("{\"model\":\"bad \\q escape\",\"messages\":[{}]}", "The request body is not valid JSON");
    }

    @Test
    void reportsTheShapeOfTheMembersItChecks() {
        assertEquals(new RequestDocument.Shape(RequestDocument.Kind.ABSENT, RequestDocument.Kind.STRING, "x",
                RequestDocument.Kind.ABSENT), parse("{\"model\":\"x\"}").shape());
        assertEquals(new RequestDocument.Shape(RequestDocument.Kind.ARRAY_EMPTY, RequestDocument.Kind.OTHER, null,
                RequestDocument.Kind.OTHER), parse("{\"model\":42,\"messages\":[],\"stream\":\"yes\"}").shape());
        assertEquals(new RequestDocument.Shape(RequestDocument.Kind.ARRAY_NON_EMPTY, RequestDocument.Kind.NULL, null,
                RequestDocument.Kind.BOOLEAN_TRUE), parse("{\"model\":null,\"messages\":[{}],\"stream\":true}").shape());
        // The tree path (duplicated keys) reports the same shape.
        assertEquals(new RequestDocument.Shape(RequestDocument.Kind.NULL, RequestDocument.Kind.STRING, "b",
                RequestDocument.Kind.BOOLEAN_FALSE),
                parse("{\"model\":\"a\",\"messages\":null,\"stream\":false,\"model\":\"b\"}").shape());
    }

    private static void assertMalformed(String json, String message) {
        RequestDocument.Malformed malformed = assertThrows(RequestDocument.Malformed.class, () -> parse(json));
        assertEquals(message, malformed.getMessage());
    }
}
