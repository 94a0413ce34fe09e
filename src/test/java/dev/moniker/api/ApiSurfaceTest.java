package dev.moniker.api;

import com.anthropic.client.AnthropicClient;
import com.anthropic.models.messages.MessageCountTokensParams;
import com.anthropic.models.messages.MessageTokensCount;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.openai.client.OpenAIClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.models.completions.Completion;
import com.openai.models.completions.CompletionCreateParams;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
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
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * OpenAI's embeddings and legacy completions, and Anthropic's token counting, through aliases: the official SDKs
 * as callers, WireMock as the providers, the exact outbound body asserted.
 */
@QuarkusTest
@QuarkusTestResource(FakeProviders.class)
class ApiSurfaceTest {

    private static final String EMBEDDING = """
            {"object":"list","model":"%s","data":[{"object":"embedding","index":0,"embedding":[0.25,-0.5]},
             {"object":"embedding","index":1,"embedding":[0.125,1.0]}],
             "usage":{"prompt_tokens":4,"total_tokens":4}}""";

    @TestHTTPResource("/")
    URL root;

    OpenAIClient openai;
    AnthropicClient anthropic;

    @BeforeEach
    void setUp() {
        FakeProviders.primary.resetAll();
        FakeProviders.secondary.resetAll();
        openai = Sdks.openAi(root);
        anthropic = Sdks.anthropic(root);
    }

    @Test
    void embeddingsReachTheAliasModelWithOnlyTheModelRewritten() {
        FakeProviders.primary.stubFor(post(urlEqualTo("/v1/embeddings"))
                .willReturn(aResponse().withHeader("Content-Type", "application/json")
                        .withBody(EMBEDDING.formatted("text-embedding-3-small"))));

        CreateEmbeddingResponse response = openai.embeddings().create(EmbeddingCreateParams.builder()
                .model("search.embed.v1").inputOfArrayOfStrings(List.of("first text", "second text"))
                .encodingFormat(EmbeddingCreateParams.EncodingFormat.FLOAT).dimensions(2).build());

        assertEquals(2, response.data().size());
        assertEquals(List.of(0.25f, -0.5f), response.data().get(0).embedding());
        assertEquals(4, response.usage().promptTokens());
        FakeProviders.primary.verify(postRequestedFor(urlEqualTo("/v1/embeddings"))
                .withHeader("Authorization", WireMock.equalTo("Bearer sk-test-openai-key"))
                .withRequestBody(equalToJson("""
                        {"model":"text-embedding-3-small","input":["first text","second text"],
                         "encoding_format":"float","dimensions":2}""")));
    }

    @Test
    void anEmbeddingsFallbackGoesToTheNextEmbeddingModel() {
        FakeProviders.primary.stubFor(post(urlEqualTo("/v1/embeddings"))
                .willReturn(aResponse().withStatus(500).withBody("{\"error\":{\"message\":\"boom\"}}")));
        FakeProviders.secondary.stubFor(post(urlEqualTo("/emb/v1/embeddings"))
                .willReturn(aResponse().withHeader("Content-Type", "application/json")
                        .withBody(EMBEDDING.formatted("house-vectors"))));

        given().contentType("application/json").body("{\"model\":\"search.embed.v1\",\"input\":\"one\"}")
                .post("/v1/embeddings")
                .then().statusCode(200).header("x-moniker-model", "my-embedder/house-vectors")
                .body("data[1].embedding[1]", equalTo(1.0f));
        FakeProviders.secondary.verify(postRequestedFor(urlEqualTo("/emb/v1/embeddings"))
                .withRequestBody(equalToJson("{\"model\":\"house-vectors\",\"input\":\"one\"}")));
    }

    @Test
    void theWrongKindOfModelIsRefusedBeforeAnyCall() {
        BadRequestException chat = assertThrows(BadRequestException.class, () -> openai.embeddings().create(
                EmbeddingCreateParams.builder().model("fast-model").input("text").build()));
        assertTrue(chat.getMessage().contains("'fast-model' is not an embedding model (it resolves to "
                + "openai/gpt-4o-mini)"), chat.getMessage());
        given().contentType("application/json")
                .body("{\"model\":\"search.embed.v1\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .post("/v1/chat/completions")
                .then().statusCode(400).body("error.param", equalTo("model"))
                .body("error.message", containsString("is an embedding model (it resolves to "
                        + "openai/text-embedding-3-small); call it through /v1/embeddings"));
        given().contentType("application/json").body("{\"model\":\"search.embed.v1\"}").post("/v1/embeddings")
                .then().statusCode(400).body("error.message", equalTo("Missing required parameter: 'input'"));
        given().contentType("application/json").body("{\"model\":\"search.embed.v1\",\"input\":\"a\",\"stream\":true}")
                .post("/v1/embeddings").then().statusCode(400).body("error.param", equalTo("stream"));
        FakeProviders.primary.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void theModelListSaysWhichEndpointsEachModelServes() {
        given().get("/v1/models/search.embed.v1").then().statusCode(200)
                .body("endpoints", equalTo(List.of("/v1/embeddings")));
        given().get("/v1/models/creative-model").then().statusCode(200).body("endpoints", equalTo(List.of(
                "/v1/chat/completions", "/v1/messages", "/v1/responses", "/v1/messages/count_tokens")));
        given().get("/v1/models/local-chat").then().statusCode(200).body("endpoints[4]", equalTo("/v1/completions"));
    }

    @Test
    void legacyCompletionsPassThroughJsonAndStreams() {
        FakeProviders.secondary.stubFor(post(urlEqualTo("/v1/completions"))
                .withRequestBody(equalToJson("{\"stream\":true}", true, true))
                .willReturn(aResponse().withHeader("Content-Type", "text/event-stream").withBody("""
                        data: {"id":"c","object":"text_completion","created":1,"model":"llama3.1","choices":[{"text":"Hel","index":0,"finish_reason":null}]}

                        data: {"id":"c","object":"text_completion","created":1,"model":"llama3.1","choices":[{"text":"lo","index":0,"finish_reason":"stop"}]}

                        data: [DONE]

                        """)));
        FakeProviders.secondary.stubFor(post(urlEqualTo("/v1/completions"))
                .withRequestBody(equalToJson("{\"prompt\":\"Say hi\"}", true, true)).atPriority(10)
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody("""
                        {"id":"c","object":"text_completion","created":1,"model":"llama3.1",
                         "choices":[{"text":"Hi!","index":0,"logprobs":null,"finish_reason":"stop"}],
                         "usage":{"prompt_tokens":2,"completion_tokens":2,"total_tokens":4}}""")));

        Completion completion = openai.completions().create(CompletionCreateParams.builder().model("local-chat")
                .prompt("Say hi").maxTokens(5).build());
        assertEquals("Hi!", completion.choices().get(0).text());
        FakeProviders.secondary.verify(postRequestedFor(urlEqualTo("/v1/completions"))
                .withRequestBody(equalToJson("{\"model\":\"llama3.1\",\"prompt\":\"Say hi\",\"max_tokens\":5}")));

        try (StreamResponse<Completion> stream = openai.completions().createStreaming(CompletionCreateParams.builder()
                .model("local-chat").prompt("Stream hi").build())) {
            assertEquals("Hello", stream.stream().map(c -> c.choices().get(0).text()).collect(Collectors.joining()));
        }
    }

    @Test
    void completionsToAnAnthropicModelAreRefusedNamingWhy() {
        given().contentType("application/json").body("{\"model\":\"creative-model\",\"prompt\":\"hi\"}")
                .post("/v1/completions")
                .then().statusCode(400).body("error.message", containsString("Anthropic-format models do not serve "
                        + "legacy completions"));
        FakeProviders.primary.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void tokenCountsGoToAnthropicAsTheyAre() {
        FakeProviders.primary.stubFor(post(urlEqualTo("/v1/messages/count_tokens"))
                .willReturn(aResponse().withHeader("Content-Type", "application/json")
                        .withBody("{\"input_tokens\":12}")));

        MessageTokensCount count = anthropic.messages().countTokens(MessageCountTokensParams.builder()
                .model("creative-model").addUserMessage("Hello, Claude").build());

        assertEquals(12, count.inputTokens());
        FakeProviders.primary.verify(postRequestedFor(urlEqualTo("/v1/messages/count_tokens"))
                .withHeader("x-api-key", WireMock.equalTo("sk-ant-test-key"))
                .withRequestBody(equalToJson("""
                        {"model":"claude-3-5-sonnet-20241022",
                         "messages":[{"role":"user","content":"Hello, Claude"}]}""")));
    }

    @Test
    void tokenCountsForOtherModelsAreEstimatedHere() {
        MessageTokensCount small = anthropic.messages().countTokens(MessageCountTokensParams.builder()
                .model("fast-model").addUserMessage("Hello").build());
        MessageTokensCount large = anthropic.messages().countTokens(MessageCountTokensParams.builder()
                .model("fast-model").addUserMessage("Hello ".repeat(200)).build());

        // o200k_base: "Hello" is one token, plus four of message framing; 200 repetitions cost about 200 more.
        assertEquals(5, small.inputTokens());
        assertTrue(large.inputTokens() > 200 && large.inputTokens() < 220, "counted " + large.inputTokens());
        given().contentType("application/json")
                .body("{\"model\":\"fast-model\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")
                .post("/v1/messages/count_tokens")
                .then().statusCode(200).header("x-moniker-token-count", "estimate");
        FakeProviders.primary.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void aGuardedAliasCountsHereSoUnguardedTextNeverLeaves() {
        given().contentType("application/json")
                .body("{\"model\":\"staged.claude\",\"messages\":[{\"role\":\"user\",\"content\":\"my card 4111\"}]}")
                .post("/v1/messages/count_tokens")
                .then().statusCode(200).header("x-moniker-token-count", "estimate");
        FakeProviders.primary.verify(0, anyRequestedFor(anyUrl()));
    }
}
