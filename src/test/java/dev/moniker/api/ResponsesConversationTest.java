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

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Responses API conversations the gateway keeps: continued with {@code previous_response_id} on the same model and
 * on another provider, read and deleted, and not kept with {@code store: false}.
 */
@QuarkusTest
@QuarkusTestResource(FakeProviders.class)
class ResponsesConversationTest {

    private static final String CHAT = """
            {"id":"c","object":"chat.completion","created":1,"model":"llama3.1",
             "choices":[{"index":0,"message":{"role":"assistant","content":"%s"},"finish_reason":"stop"}],
             "usage":{"prompt_tokens":5,"completion_tokens":2,"total_tokens":7}}""";

    @TestHTTPResource("/")
    URL root;

    OpenAIClient client;

    @BeforeEach
    void setUp() {
        FakeProviders.primary.resetAll();
        FakeProviders.secondary.resetAll();
        client = Sdks.openAi(root);
    }

    private static void chatAnswers(String text) {
        FakeProviders.secondary.resetAll();
        FakeProviders.secondary.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withBody(CHAT.formatted(text))));
    }

    @Test
    void aConversationContinuesOnTheSameModelAndOnAnotherProvider() {
        chatAnswers("Hello Ada");
        Response first = client.responses().create(ResponseCreateParams.builder().model("local-chat")
                .input("My name is Ada").instructions("Be brief").build());

        chatAnswers("Your name is Ada");
        Response second = client.responses().create(ResponseCreateParams.builder().model("local-chat")
                .input("What is my name?").previousResponseId(first.id()).build());
        assertEquals("Your name is Ada", ResponsesApiTest.text(second));
        FakeProviders.secondary.verify(postRequestedFor(urlEqualTo("/v1/chat/completions")).withRequestBody(
                equalToJson("""
                        {"model":"llama3.1","messages":[{"role":"user","content":"My name is Ada"},
                          {"role":"assistant","content":"Hello Ada"},{"role":"user","content":"What is my name?"}]}""")));

        FakeProviders.primary.stubFor(post(urlEqualTo("/v1/messages")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withBody("""
                        {"id":"msg_1","type":"message","role":"assistant","model":"claude-3-5-sonnet-20241022",
                         "content":[{"type":"text","text":"Still Ada"}],"stop_reason":"end_turn",
                         "usage":{"input_tokens":6,"output_tokens":2}}""")));
        Response third = client.responses().create(ResponseCreateParams.builder().model("creative-model")
                .input("And now?").previousResponseId(second.id()).maxOutputTokens(32).build());
        assertEquals("Still Ada", ResponsesApiTest.text(third));
        FakeProviders.primary.verify(postRequestedFor(urlEqualTo("/v1/messages")).withRequestBody(equalToJson("""
                {"messages":[{"role":"user","content":[{"type":"text","text":"My name is Ada"}]},
                  {"role":"assistant","content":[{"type":"text","text":"Hello Ada"}]},
                  {"role":"user","content":[{"type":"text","text":"What is my name?"}]},
                  {"role":"assistant","content":[{"type":"text","text":"Your name is Ada"}]},
                  {"role":"user","content":[{"type":"text","text":"And now?"}]}]}""", true, true)));
    }

    @Test
    void aStoredResponseCanBeReadAndDeletedAndThenNotContinued() {
        chatAnswers("Stored");
        Response response = client.responses().create(ResponseCreateParams.builder().model("local-chat")
                .input("Keep this").build());

        given().get("/v1/responses/" + response.id()).then().statusCode(200)
                .body("id", equalTo(response.id())).body("output[0].content[0].text", equalTo("Stored"));
        given().delete("/v1/responses/" + response.id()).then().statusCode(200).body("deleted", equalTo(true));
        given().get("/v1/responses/" + response.id()).then().statusCode(404).body("error.code", equalTo("not_found"));
        given().contentType("application/json").body("{\"model\":\"local-chat\",\"input\":\"x\","
                        + "\"previous_response_id\":\"" + response.id() + "\"}").post("/v1/responses")
                .then().statusCode(400).body("error.param", equalTo("previous_response_id"))
                .body("error.message", containsString("not found"));
    }

    @Test
    void storeFalseKeepsNothing() {
        chatAnswers("Ephemeral");
        Response response = client.responses().create(ResponseCreateParams.builder().model("local-chat")
                .input("Forget this").store(false).build());
        given().get("/v1/responses/" + response.id()).then().statusCode(404);
    }

    @Test
    void aStreamedResponseIsStoredOnceItCompleted() {
        FakeProviders.secondary.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse()
                .withHeader("Content-Type", "text/event-stream").withBody("""
                        data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"llama3.1","choices":[{"index":0,"delta":{"role":"assistant","content":"Streamed"},"finish_reason":"stop"}]}

                        data: [DONE]

                        """)));
        String id;
        try (StreamResponse<ResponseStreamEvent> stream = client.responses().createStreaming(
                ResponseCreateParams.builder().model("local-chat").input("Stream it").build())) {
            id = stream.stream().filter(ResponseStreamEvent::isCompleted).findFirst().orElseThrow()
                    .asCompleted().response().id();
        }
        given().get("/v1/responses/" + id).then().statusCode(200).body("output[0].content[0].text", equalTo("Streamed"));
    }
}
