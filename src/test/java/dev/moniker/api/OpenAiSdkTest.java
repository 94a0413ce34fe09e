package dev.moniker.api;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.HttpResponseFor;
import com.openai.core.http.StreamResponse;
import com.openai.errors.NotFoundException;
import com.openai.errors.OpenAIServiceException;
import com.openai.errors.RateLimitException;
import com.openai.errors.SseException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.moniker.support.FakeProviders;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.time.Duration;
import java.util.stream.Collectors;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The official OpenAI Java SDK as the caller, WireMock as the providers: every alias of the seed's basic
 * configuration and the provider variants (paths, auth styles, extra headers, passthrough) as users hit them.
 */
@QuarkusTest
@QuarkusTestResource(FakeProviders.class)
class OpenAiSdkTest {

    static final String COMPLETION = """
            {"id":"chatcmpl-42","object":"chat.completion","created":1700000000,"model":"%s",
             "choices":[{"index":0,"message":{"role":"assistant","content":"Hello from %s"},"finish_reason":"stop"}],
             "usage":{"prompt_tokens":5,"completion_tokens":3,"total_tokens":8}}""";

    static final String STREAM = """
            data: {"id":"c1","object":"chat.completion.chunk","created":1700000000,"model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":"Hel"},"finish_reason":null}]}

            data: {"id":"c1","object":"chat.completion.chunk","created":1700000000,"model":"m","choices":[{"index":0,"delta":{"content":"lo"},"finish_reason":null}]}

            data: {"id":"c1","object":"chat.completion.chunk","created":1700000000,"model":"m","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}

            data: [DONE]

            """;

    @TestHTTPResource("/v1")
    URL gateway;

    OpenAIClient client;

    @BeforeEach
    void setUp() {
        FakeProviders.primary.resetAll();
        FakeProviders.secondary.resetAll();
        client = OpenAIOkHttpClient.builder()
                .baseUrl(gateway.toString())
                .apiKey("client-key-not-for-providers")
                .maxRetries(0)
                .timeout(Duration.ofSeconds(20))
                .build();
    }

    private static ChatCompletionCreateParams params(String model) {
        return ChatCompletionCreateParams.builder().model(model).addUserMessage("Hello!").build();
    }

    private static void answer(com.github.tomakehurst.wiremock.WireMockServer server, String path, String model) {
        server.stubFor(post(urlEqualTo(path)).willReturn(aResponse()
                .withHeader("Content-Type", "application/json")
                .withHeader("x-request-id", "req-123")
                .withHeader("Set-Cookie", "provider-session=abc")
                .withBody(COMPLETION.formatted(model, model))));
    }

    @Test
    void everySeedAliasReachesItsModelWithTheProviderKey() {
        answer(FakeProviders.primary, "/v1/chat/completions", "gpt-4o-mini");
        for (String alias : new String[] {"arch.summarize.v1", "fast-model", "arch.summarize.latest", "team.default"}) {
            HttpResponseFor<ChatCompletion> response = client.chat().completions().withRawResponse().create(params(alias));
            ChatCompletion completion = response.parse();
            assertEquals("Hello from gpt-4o-mini", completion.choices().get(0).message().content().orElseThrow());
            assertEquals(alias, response.headers().values("x-moniker-alias").get(0));
            assertEquals("openai/gpt-4o-mini", response.headers().values("x-moniker-model").get(0));
            assertEquals("req-123", response.headers().values("x-request-id").get(0));
            assertTrue(response.headers().values("set-cookie").isEmpty(), "provider cookies are not relayed");
        }
        FakeProviders.primary.verify(4, postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withHeader("Authorization", WireMock.equalTo("Bearer sk-test-openai-key"))
                .withRequestBody(equalToJson("{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\","
                        + "\"content\":\"Hello!\"}]}")));

        answer(FakeProviders.primary, "/v1/chat/completions", "gpt-4o");
        for (String alias : new String[] {"arch.reasoning.v1", "smart-model", "openai/gpt-4o", "gpt-4o"}) {
            ChatCompletion completion = client.chat().completions().create(params(alias));
            assertEquals("Hello from gpt-4o", completion.choices().get(0).message().content().orElseThrow());
        }
        FakeProviders.primary.verify(4, postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withRequestBody(equalToJson("{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\","
                        + "\"content\":\"Hello!\"}]}")));
    }

    @Test
    void localAliasCallsOllamaWithoutAnyKey() {
        answer(FakeProviders.secondary, "/v1/chat/completions", "llama3.1");
        ChatCompletion completion = client.chat().completions().create(params("local-chat"));
        assertEquals("Hello from llama3.1", completion.choices().get(0).message().content().orElseThrow());
        FakeProviders.secondary.verify(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withHeader("Authorization", absent())
                .withRequestBody(equalToJson("{\"model\":\"llama3.1\",\"messages\":[{\"role\":\"user\","
                        + "\"content\":\"Hello!\"}]}")));
    }

    @Test
    void streamingThroughAnAliasArrivesWhole() {
        FakeProviders.secondary.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse()
                .withHeader("Content-Type", "text/event-stream").withBody(STREAM)));
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions()
                .createStreaming(params("local-chat"))) {
            String text = stream.stream()
                    .flatMap(chunk -> chunk.choices().stream())
                    .map(choice -> choice.delta().content().orElse(""))
                    .collect(Collectors.joining());
            assertEquals("Hello", text);
        }
        FakeProviders.secondary.verify(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withRequestBody(equalToJson("{\"model\":\"llama3.1\",\"stream\":true,\"messages\":[{\"role\":"
                        + "\"user\",\"content\":\"Hello!\"}]}", true, true)));
    }

    @Test
    void groqWildcardUsesItsPathPrefixAndExtraHeaders() {
        answer(FakeProviders.secondary, "/openai/v1/chat/completions", "llama-3.1-8b-instant");
        ChatCompletion completion = client.chat().completions().create(params("groq-fast"));
        assertEquals("Hello from llama-3.1-8b-instant", completion.choices().get(0).message().content().orElseThrow());
        FakeProviders.secondary.verify(postRequestedFor(urlEqualTo("/openai/v1/chat/completions"))
                .withHeader("Authorization", WireMock.equalTo("Bearer gsk-test-key"))
                .withHeader("X-Team", WireMock.equalTo("moniker-tests"))
                .withRequestBody(equalToJson("{\"model\":\"llama-3.1-8b-instant\",\"messages\":[{\"role\":\"user\","
                        + "\"content\":\"Hello!\"}]}")));
    }

    @Test
    void azureAddressesTheDeploymentWithApiKeyHeader() {
        answer(FakeProviders.secondary, "/openai/deployments/gpt-4o-prod/chat/completions?api-version=2024-10-21",
                "gpt-4o-prod");
        ChatCompletion completion = client.chat().completions().create(params("azure-chat"));
        assertEquals("Hello from gpt-4o-prod", completion.choices().get(0).message().content().orElseThrow());
        FakeProviders.secondary.verify(postRequestedFor(
                        urlEqualTo("/openai/deployments/gpt-4o-prod/chat/completions?api-version=2024-10-21"))
                .withHeader("api-key", WireMock.equalTo("azure-test-key"))
                .withHeader("Authorization", absent()));
    }

    @Test
    void passthroughAuthForwardsTheClientsAuthorization() {
        answer(FakeProviders.secondary, "/vllm/chat/completions", "qwen2.5");
        client.chat().completions().create(params("self-hosted"));
        FakeProviders.secondary.verify(postRequestedFor(urlEqualTo("/vllm/chat/completions"))
                .withHeader("Authorization", WireMock.equalTo("Bearer client-key-not-for-providers")));
    }

    @Test
    void unknownModelIsNotFoundWithoutAnyUpstreamCall() {
        NotFoundException e = assertThrows(NotFoundException.class,
                () -> client.chat().completions().create(params("gpt-7-ultra")));
        assertEquals(404, e.statusCode());
        assertEquals("model_not_found", e.code().orElseThrow());
        assertTrue(e.getMessage().contains("gpt-7-ultra"), e.getMessage());
        FakeProviders.primary.verify(0, anyRequestedFor(anyUrl()));
        FakeProviders.secondary.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void providerErrorKeepsItsStatusAndMessage() {
        FakeProviders.primary.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse()
                .withStatus(429).withHeader("Content-Type", "application/json").withHeader("Retry-After", "7")
                .withBody("{\"error\":{\"message\":\"Rate limit reached for gpt-4o-mini\",\"type\":\"requests\","
                        + "\"param\":null,\"code\":\"rate_limit_exceeded\"}}")));
        RateLimitException e = assertThrows(RateLimitException.class,
                () -> client.chat().completions().create(params("quota-model")));
        assertEquals(429, e.statusCode());
        assertEquals("rate_limit_exceeded", e.code().orElseThrow());
        assertEquals("7", e.headers().values("retry-after").get(0));
    }

    @Test
    void unreachableProviderIsBadGatewayNamingNoAddress() {
        OpenAIServiceException e = assertThrows(OpenAIServiceException.class,
                () -> client.chat().completions().create(params("down-model")));
        assertEquals(502, e.statusCode());
        assertEquals("upstream_unavailable", e.code().orElseThrow());
        assertTrue(e.getMessage().contains("provider model mistral/mistral-small-latest is unreachable"), e.getMessage());
        assertTrue(!e.getMessage().contains("127.0.0.1") && !e.getMessage().contains("mistral-test-key"));
    }

    @Test
    void slowProviderIsGatewayTimeout() {
        FakeProviders.primary.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse()
                .withFixedDelay(6000).withHeader("Content-Type", "application/json")
                .withBody(COMPLETION.formatted("gpt-4o-mini", "gpt-4o-mini"))));
        OpenAIServiceException e = assertThrows(OpenAIServiceException.class,
                () -> client.chat().completions().create(params("slow-model")));
        assertEquals(504, e.statusCode());
        assertEquals("upstream_timeout", e.code().orElseThrow());
    }

    @Test
    void streamCutShortEndsInAnErrorTheSdkSees() {
        String cut = STREAM.substring(0, STREAM.indexOf("data: [DONE]"));
        FakeProviders.primary.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse()
                .withHeader("Content-Type", "text/event-stream").withBody(cut)));
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions()
                .createStreaming(params("cut-model"))) {
            SseException e = assertThrows(SseException.class, () -> stream.stream().forEach(chunk -> { }));
            assertTrue(e.getMessage().contains("ended before it was complete"), e.getMessage());
        }
    }
}
