package dev.moniker.api;

import com.openai.client.OpenAIClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
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
import java.util.List;
import java.util.stream.Collectors;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * OpenAI's Responses API through aliases, with the official SDK as the caller: passed through to OpenAI, translated
 * over chat completions to an OpenAI-compatible model and over messages to Claude, JSON and streams, with tools.
 */
@QuarkusTest
@QuarkusTestResource(FakeProviders.class)
class ResponsesApiTest {

    private static final String CHAT_STREAM = """
            data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"llama3.1","choices":[{"index":0,"delta":{"role":"assistant","content":"Hel"},"finish_reason":null}]}

            data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"llama3.1","choices":[{"index":0,"delta":{"content":"lo"},"finish_reason":"stop"}]}

            data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"llama3.1","choices":[],"usage":{"prompt_tokens":3,"completion_tokens":2,"total_tokens":5}}

            data: [DONE]

            """;

    @TestHTTPResource("/")
    URL root;

    OpenAIClient client;

    @BeforeEach
    void setUp() {
        FakeProviders.primary.resetAll();
        FakeProviders.secondary.resetAll();
        client = Sdks.openAi(root);
    }

    static String text(Response response) {
        return response.output().stream().flatMap(item -> item.message().stream())
                .flatMap(message -> message.content().stream()).flatMap(part -> part.outputText().stream())
                .map(part -> part.text()).collect(Collectors.joining());
    }

    @Test
    void openAiModelsGetTheRequestAsItIsWithOnlyTheModelRewritten() {
        FakeProviders.primary.stubFor(post(urlEqualTo("/v1/responses")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withBody("""
                        {"id":"resp_abc","object":"response","created_at":1,"status":"completed","model":"gpt-4o-mini",
                         "output":[{"type":"message","id":"msg_1","status":"completed","role":"assistant",
                           "content":[{"type":"output_text","text":"Hi from OpenAI","annotations":[]}]}],
                         "parallel_tool_calls":true,"tool_choice":"auto","tools":[],
                         "usage":{"input_tokens":3,"output_tokens":4,"total_tokens":7,
                           "input_tokens_details":{"cached_tokens":0},"output_tokens_details":{"reasoning_tokens":0}}}""")));

        Response response = client.responses().create(ResponseCreateParams.builder().model("fast-model")
                .input("Hello").instructions("Be brief").build());

        assertEquals("Hi from OpenAI", text(response));
        FakeProviders.primary.verify(postRequestedFor(urlEqualTo("/v1/responses"))
                .withRequestBody(equalToJson("{\"model\":\"gpt-4o-mini\",\"input\":\"Hello\",\"instructions\":\"Be brief\"}")));
    }

    @Test
    void aChatModelServesTheResponsesApiThroughChatCompletions() {
        FakeProviders.secondary.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withBody("""
                        {"id":"c","object":"chat.completion","created":1,"model":"llama3.1",
                         "choices":[{"index":0,"message":{"role":"assistant","content":"Hi from Llama"},"finish_reason":"stop"}],
                         "usage":{"prompt_tokens":9,"completion_tokens":3,"total_tokens":12}}""")));

        Response response = client.responses().create(ResponseCreateParams.builder().model("local-chat")
                .input("Hello").instructions("Be brief").maxOutputTokens(50).temperature(0.2).build());

        assertEquals("Hi from Llama", text(response));
        assertTrue(response.id().startsWith("resp_"), response.id());
        assertEquals(9, response.usage().orElseThrow().inputTokens());
        assertEquals(3, response.usage().orElseThrow().outputTokens());
        FakeProviders.secondary.verify(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withRequestBody(equalToJson("""
                        {"model":"llama3.1","messages":[{"role":"system","content":"Be brief"},
                          {"role":"user","content":"Hello"}],"max_tokens":50,"temperature":0.2}""")));
    }

    @Test
    void claudeServesTheResponsesApiThroughMessages() {
        FakeProviders.primary.stubFor(post(urlEqualTo("/v1/messages")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withBody("""
                        {"id":"msg_1","type":"message","role":"assistant","model":"claude-3-5-sonnet-20241022",
                         "content":[{"type":"text","text":"Hi from Claude"}],"stop_reason":"end_turn",
                         "usage":{"input_tokens":6,"output_tokens":4}}""")));

        Response response = client.responses().create(ResponseCreateParams.builder().model("creative-model")
                .input("Hello").maxOutputTokens(64).build());

        assertEquals("Hi from Claude", text(response));
        assertEquals(6, response.usage().orElseThrow().inputTokens());
        FakeProviders.primary.verify(postRequestedFor(urlEqualTo("/v1/messages")).withRequestBody(equalToJson("""
                {"model":"claude-3-5-sonnet-20241022","max_tokens":64,
                 "messages":[{"role":"user","content":[{"type":"text","text":"Hello"}]}]}""", true, true)));
    }

    @Test
    void aTranslatedStreamIsTheResponsesApisTypedEvents() {
        FakeProviders.secondary.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse()
                .withHeader("Content-Type", "text/event-stream").withBody(CHAT_STREAM)));

        StringBuilder text = new StringBuilder();
        Response completed;
        try (StreamResponse<ResponseStreamEvent> stream = client.responses().createStreaming(
                ResponseCreateParams.builder().model("local-chat").input("Hello").build())) {
            List<ResponseStreamEvent> events = stream.stream().toList();
            events.forEach(event -> event.outputTextDelta().ifPresent(delta -> text.append(delta.delta())));
            completed = events.get(events.size() - 1).completed().orElseThrow().response();
            assertTrue(events.get(0).isCreated(), "first event: " + events.get(0));
        }
        assertEquals("Hello", text.toString());
        assertEquals("Hello", text(completed));
        assertEquals(5, completed.usage().orElseThrow().totalTokens());
        FakeProviders.secondary.verify(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withRequestBody(equalToJson("{\"stream\":true,\"stream_options\":{\"include_usage\":true}}", true, true)));
    }

    @Test
    void aStreamCutMidWayEndsInAnErrorEvent() {
        FakeProviders.secondary.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse()
                .withHeader("Content-Type", "text/event-stream").withBody(CHAT_STREAM.substring(0,
                        CHAT_STREAM.indexOf("data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"llama3.1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"lo\"}")))));

        String body = given().contentType("application/json")
                .body("{\"model\":\"local-chat\",\"input\":\"Hello\",\"stream\":true}").post("/v1/responses")
                .then().statusCode(200).extract().asString();

        assertTrue(body.contains("event: response.output_text.delta"), body);
        assertTrue(body.trim().endsWith("}") && body.contains("event: error\ndata: {\"type\":\"error\",\"code\":"
                + "\"stream_interrupted\""), body);
        assertTrue(!body.contains("response.completed"), body);
    }

    @Test
    void functionToolsAndTheirCallsTranslateBothWays() {
        FakeProviders.secondary.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withBody("""
                        {"id":"c","object":"chat.completion","created":1,"model":"llama3.1",
                         "choices":[{"index":0,"message":{"role":"assistant","content":null,"tool_calls":[
                           {"id":"call_2","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Oslo\\"}"}}]},
                           "finish_reason":"tool_calls"}],
                         "usage":{"prompt_tokens":20,"completion_tokens":8,"total_tokens":28}}""")));

        given().contentType("application/json").body("""
                {"model":"local-chat","tools":[{"type":"function","name":"get_weather","description":"Weather",
                  "parameters":{"type":"object","properties":{"city":{"type":"string"}}},"strict":false}],
                 "input":[{"role":"user","content":[{"type":"input_text","text":"Weather in Paris, then Oslo?"}]},
                   {"type":"function_call","call_id":"call_1","name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"},
                   {"type":"function_call_output","call_id":"call_1","output":"18C"}]}""")
                .post("/v1/responses")
                .then().statusCode(200).body("object", equalTo("response")).body("status", equalTo("completed"))
                .body("output[0].type", equalTo("function_call")).body("output[0].call_id", equalTo("call_2"))
                .body("output[0].name", equalTo("get_weather"))
                .body("output[0].arguments", equalTo("{\"city\":\"Oslo\"}"))
                .body("usage.total_tokens", equalTo(28));

        FakeProviders.secondary.verify(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withRequestBody(equalToJson("""
                        {"model":"llama3.1",
                         "messages":[{"role":"user","content":[{"type":"text","text":"Weather in Paris, then Oslo?"}]},
                           {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function",
                             "function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}}]},
                           {"role":"tool","tool_call_id":"call_1","content":"18C"}],
                         "tools":[{"type":"function","function":{"name":"get_weather","description":"Weather",
                           "parameters":{"type":"object","properties":{"city":{"type":"string"}}},"strict":false}}]}""")));
    }

    @Test
    void whatChatCannotCarryIsRefusedNamingIt() {
        BadRequestException builtIn = assertThrows(BadRequestException.class, () -> client.responses().create(
                ResponseCreateParams.builder().model("local-chat").input("Search the web")
                        .addTool(com.openai.models.responses.WebSearchTool.builder()
                                .type(com.openai.models.responses.WebSearchTool.Type.WEB_SEARCH).build()).build()));
        assertTrue(builtIn.getMessage().contains("built into OpenAI's Responses API"), builtIn.getMessage());
        given().contentType("application/json").body("{\"model\":\"local-chat\",\"input\":\"x\",\"background\":true}")
                .post("/v1/responses").then().statusCode(400).body("error.param", equalTo("background"));
        given().contentType("application/json").body("{\"model\":\"local-chat\"}").post("/v1/responses")
                .then().statusCode(400).body("error.message", equalTo("Missing required parameter: 'input'"));
        given().contentType("application/json").body("{\"model\":\"search.embed.v1\",\"input\":\"x\"}")
                .post("/v1/responses").then().statusCode(400)
                .body("error.message", containsString("is an embedding model"));
        FakeProviders.secondary.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void aProviderErrorKeepsOpenAisEnvelopeAndStatus() {
        FakeProviders.secondary.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse()
                .withStatus(429).withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"message\":\"Slow down\",\"type\":\"rate_limit\",\"code\":\"rate_limited\"}}")));
        given().contentType("application/json").body("{\"model\":\"local-chat\",\"input\":\"x\"}")
                .post("/v1/responses").then().statusCode(429).body("error.message", startsWith("Slow down"));
    }
}
