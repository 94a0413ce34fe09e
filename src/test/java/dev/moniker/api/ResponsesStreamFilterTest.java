package dev.moniker.api;

import com.openai.client.OpenAIClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseStreamEvent;
import dev.moniker.support.FakeProviders;
import dev.moniker.support.Sdks;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Output content filters on Responses API streams, with the OpenAI SDK as the caller: a match split across two
 * deltas is redacted in the deltas, and every event that repeats the text (the text's, the part's and the item's
 * {@code .done} and {@code response.completed}) says what the caller received, as does the stored response. Event
 * numbers stay strictly increasing although the gateway inserts the text it held back. Passed through from OpenAI's
 * Responses API, and translated from Claude's messages stream.
 */
@QuarkusTest
@QuarkusTestResource(FakeProviders.class)
class ResponsesStreamFilterTest {

    private static final String SAID = "Write to jane.doe@example.com now, shit.";
    private static final String FILTERED = "Write to [REDACTED:email_address] now, s***.";

    private static final String RESPONSES_STREAM = """
            event: response.created
            data: {"type":"response.created","response":{"id":"resp_f1","object":"response","created_at":1,"status":"in_progress","model":"gpt-4o-mini","output":[],"parallel_tool_calls":true,"tool_choice":"auto","tools":[]},"sequence_number":0}

            event: response.output_item.added
            data: {"type":"response.output_item.added","output_index":0,"item":{"id":"msg_1","type":"message","status":"in_progress","role":"assistant","content":[]},"sequence_number":1}

            event: response.content_part.added
            data: {"type":"response.content_part.added","item_id":"msg_1","output_index":0,"content_index":0,"part":{"type":"output_text","text":"","annotations":[]},"sequence_number":2}

            event: response.output_text.delta
            data: {"type":"response.output_text.delta","item_id":"msg_1","output_index":0,"content_index":0,"delta":"Write to jane.doe@exa","sequence_number":3}

            event: response.output_text.delta
            data: {"type":"response.output_text.delta","item_id":"msg_1","output_index":0,"content_index":0,"delta":"mple.com now, shit.","sequence_number":4}

            event: response.output_text.done
            data: {"type":"response.output_text.done","item_id":"msg_1","output_index":0,"content_index":0,"text":"%1$s","sequence_number":5}

            event: response.content_part.done
            data: {"type":"response.content_part.done","item_id":"msg_1","output_index":0,"content_index":0,"part":{"type":"output_text","text":"%1$s","annotations":[]},"sequence_number":6}

            event: response.output_item.done
            data: {"type":"response.output_item.done","output_index":0,"item":{"id":"msg_1","type":"message","status":"completed","role":"assistant","content":[{"type":"output_text","text":"%1$s","annotations":[]}]},"sequence_number":7}

            event: response.completed
            data: {"type":"response.completed","response":{"id":"resp_f1","object":"response","created_at":1,"status":"completed","model":"gpt-4o-mini","output":[{"id":"msg_1","type":"message","status":"completed","role":"assistant","content":[{"type":"output_text","text":"%1$s","annotations":[]}]}],"parallel_tool_calls":true,"tool_choice":"auto","tools":[],"usage":{"input_tokens":3,"output_tokens":9,"total_tokens":12,"input_tokens_details":{"cached_tokens":0},"output_tokens_details":{"reasoning_tokens":0}}},"sequence_number":8}

            """.formatted(SAID);

    private static final String MESSAGES_STREAM = """
            event: message_start
            data: {"type":"message_start","message":{"id":"msg_c1","type":"message","role":"assistant","model":"claude-3-5-sonnet-20241022","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":4,"output_tokens":0}}}

            event: content_block_start
            data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Mail jane.doe@exa"}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"mple.com today."}}

            event: content_block_stop
            data: {"type":"content_block_stop","index":0}

            event: message_delta
            data: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":7}}

            event: message_stop
            data: {"type":"message_stop"}

            """;

    @TestHTTPResource("/")
    URL root;

    OpenAIClient client;

    @BeforeEach
    void setUp() {
        FakeProviders.primary.resetAll();
        client = Sdks.openAi(root);
    }

    /** What the SDK read of one stream: the deltas joined, each repetition of the text, and the completed response. */
    private record Read(String deltas, List<String> repeated, Response completed) {
    }

    private Read stream(String alias) {
        StringBuilder deltas = new StringBuilder();
        List<String> repeated = new ArrayList<>();
        Response completed = null;
        try (StreamResponse<ResponseStreamEvent> stream = client.responses().createStreaming(
                ResponseCreateParams.builder().model(alias).input("Where do I write?").build())) {
            for (ResponseStreamEvent event : stream.stream().toList()) {
                event.outputTextDelta().ifPresent(delta -> deltas.append(delta.delta()));
                event.outputTextDone().ifPresent(done -> repeated.add(done.text()));
                event.contentPartDone().ifPresent(done -> repeated.add(done.part().asOutputText().text()));
                event.outputItemDone().flatMap(done -> done.item().message()).ifPresent(message ->
                        repeated.add(message.content().stream().flatMap(part -> part.outputText().stream())
                                .map(part -> part.text()).collect(java.util.stream.Collectors.joining())));
                if (event.completed().isPresent()) {
                    completed = event.completed().get().response();
                }
            }
        }
        return new Read(deltas.toString(), repeated, completed);
    }

    @Test
    void aPassedThroughStreamIsRedactedInItsDeltasAndInEveryRepetition() {
        FakeProviders.primary.stubFor(post(urlEqualTo("/v1/responses")).willReturn(aResponse()
                .withHeader("Content-Type", "text/event-stream").withBody(RESPONSES_STREAM)));

        Read read = stream("guarded.filter");

        assertEquals(FILTERED, read.deltas());
        assertEquals(List.of(FILTERED, FILTERED, FILTERED), read.repeated(), "the .done events");
        assertEquals(FILTERED, ResponsesApiTest.text(read.completed()));
        String stored = given().get("/v1/responses/" + read.completed().id()).then().statusCode(200)
                .extract().asString();
        assertTrue(stored.contains(FILTERED) && !stored.contains("jane.doe"), stored);
    }

    @Test
    void theEventNumbersStayInOrderAndNothingOfTheMatchGoesOut() {
        FakeProviders.primary.stubFor(post(urlEqualTo("/v1/responses")).willReturn(aResponse()
                .withHeader("Content-Type", "text/event-stream").withBody(RESPONSES_STREAM)));

        String raw = given().contentType("application/json")
                .body("{\"model\":\"guarded.filter\",\"input\":\"Where do I write?\",\"stream\":true}")
                .post("/v1/responses").then().statusCode(200).extract().asString();

        assertFalse(raw.contains("jane.doe") || raw.contains("example.com") || raw.contains("shit"), raw);
        Matcher numbers = Pattern.compile("\"sequence_number\":(\\d+)").matcher(raw);
        List<Integer> seen = new ArrayList<>();
        while (numbers.find()) {
            seen.add(Integer.parseInt(numbers.group(1)));
        }
        // The provider's nine events, less the first delta (held whole while "jane.doe@exa" could still grow into an
        // address; once it did, its text went out redacted in the second one), plus the one the gateway inserted
        // (the held-back text): numbered 0..8, none skipped.
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8), seen, raw);
        assertTrue(raw.indexOf("event: response.completed") > raw.lastIndexOf("event: response.output_text.delta"), raw);
    }

    @Test
    void aTranslatedStreamIsRedactedInItsDeltasAndInEveryRepetition() {
        FakeProviders.primary.stubFor(post(urlEqualTo("/v1/messages")).willReturn(aResponse()
                .withHeader("Content-Type", "text/event-stream").withBody(MESSAGES_STREAM)));

        Read read = stream("guarded.claude");

        String filtered = "Mail [REDACTED:email_address] today.";
        assertEquals(filtered, read.deltas());
        assertFalse(read.repeated().isEmpty(), "the translated stream repeats its text in .done events");
        read.repeated().forEach(text -> assertEquals(filtered, text));
        assertEquals(filtered, ResponsesApiTest.text(read.completed()));
    }
}
