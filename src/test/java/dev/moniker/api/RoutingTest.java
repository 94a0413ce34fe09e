package dev.moniker.api;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.HttpResponseFor;
import com.openai.core.http.StreamResponse;
import com.openai.errors.OpenAIServiceException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.moniker.support.FakeProviders;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fallbacks, max_latency, streaming before the first byte, splits and pools through the real HTTP path: the
 * openai-java SDK as the caller, WireMock providers with injected faults.
 */
@QuarkusTest
@QuarkusTestResource(FakeProviders.class)
class RoutingTest {

    @jakarta.inject.Inject
    dev.moniker.runtime.GatewayRuntime runtime;

    private static final String COMPLETION = "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1,"
            + "\"model\":\"%s\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"%s\"},"
            + "\"finish_reason\":\"stop\"}]}";
    private static final String CHUNK = "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,"
            + "\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"%s\"},\"finish_reason\":null}]}\n\n";
    private static final String RATE_LIMITED = "{\"error\":{\"message\":\"Rate limit reached for gpt-4o-mini\","
            + "\"type\":\"requests\",\"param\":null,\"code\":\"rate_limit_exceeded\"}}";

    @TestHTTPResource("/v1")
    URL gateway;

    private OpenAIClient client;

    @BeforeEach
    void setUp() {
        FakeProviders.primary.resetAll();
        FakeProviders.secondary.resetAll();
        CircuitBreakerMaintenance.get().resetAll();
        // No SDK retries: the gateway's own behaviour is under test.
        client = OpenAIOkHttpClient.builder().baseUrl(gateway.toString()).apiKey("x").maxRetries(0).build();
    }

    @AfterEach
    void resetBreakers() {
        CircuitBreakerMaintenance.get().resetAll();
    }

    private static ChatCompletionCreateParams params(String model) {
        return ChatCompletionCreateParams.builder().model(model).addUserMessage("Hello!").build();
    }

    private static void answers(WireMockServer server, String path, String model, String content) {
        server.stubFor(post(path).willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody(COMPLETION.formatted(model, content))));
    }

    private static void streams(WireMockServer server, String path, String... contents) {
        StringBuilder sse = new StringBuilder();
        for (String content : contents) {
            sse.append(CHUNK.formatted(content));
        }
        sse.append("data: [DONE]\n\n");
        server.stubFor(post(path).willReturn(aResponse().withHeader("Content-Type", "text/event-stream")
                .withBody(sse.toString())));
    }

    private static String header(HttpResponseFor<?> response, String name) {
        return String.join(",", response.headers().values(name));
    }

    @Test
    void quotaExceededWithRetryAfterFallsBackToTheNextModel() {
        FakeProviders.primary.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(429)
                .withHeader("Retry-After", "1").withHeader("Content-Type", "application/json").withBody(RATE_LIMITED)));
        answers(FakeProviders.secondary, "/v1/chat/completions", "llama3.1", "from llama");

        HttpResponseFor<ChatCompletion> response = client.chat().completions().withRawResponse()
                .create(params("route.fallback"));

        assertEquals(200, response.statusCode());
        assertEquals("from llama", response.parse().choices().get(0).message().content().orElseThrow());
        assertEquals("ollama/llama3.1", header(response, "x-moniker-model"));
        assertEquals("openai/gpt-4o-mini=429 quota_exceeded, ollama/llama3.1=ok", header(response, "x-moniker-attempts"));
        FakeProviders.secondary.verify(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath("$.model",
                        com.github.tomakehurst.wiremock.client.WireMock.equalTo("llama3.1"))));

        // During the provider's Retry-After the gateway does not ask it again: straight to the fallback.
        HttpResponseFor<ChatCompletion> cooling = client.chat().completions().withRawResponse()
                .create(params("route.fallback"));
        assertEquals("openai/gpt-4o-mini=skipped (cooling down after 429), ollama/llama3.1=ok", header(cooling, "x-moniker-attempts"));
        FakeProviders.primary.verify(1, postRequestedFor(urlEqualTo("/v1/chat/completions")));
        endCooldown();
    }

    /** Ends the Retry-After cooldown used above, so later tests reach the provider again without waiting it out. */
    private void endCooldown() {
        runtime.current().health().endCooldowns();
        HttpResponseFor<ChatCompletion> after = client.chat().completions().withRawResponse()
                .create(params("route.fallback"));
        assertEquals("openai/gpt-4o-mini=429 quota_exceeded, ollama/llama3.1=ok", header(after, "x-moniker-attempts"),
                "after the cooldown ends the primary is asked again");
        runtime.current().health().endCooldowns(); // it answered 429 with Retry-After again
    }

    @Test
    void serverErrorAndConnectionResetFallBack() {
        answers(FakeProviders.secondary, "/v1/chat/completions", "llama3.1", "ok");
        FakeProviders.primary.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(503)));
        HttpResponseFor<ChatCompletion> afterServerError = client.chat().completions().withRawResponse()
                .create(params("route.fallback"));
        assertEquals("openai/gpt-4o-mini=503 server_error, ollama/llama3.1=ok", header(afterServerError, "x-moniker-attempts"));

        FakeProviders.primary.stubFor(post("/v1/chat/completions")
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        HttpResponseFor<ChatCompletion> afterReset = client.chat().completions().withRawResponse()
                .create(params("route.fallback"));
        assertEquals(200, afterReset.statusCode());
        assertEquals("openai/gpt-4o-mini=unavailable, ollama/llama3.1=ok", header(afterReset, "x-moniker-attempts"));
    }

    @Test
    void aCallerFaultIsRelayedAsItIsWithoutFallingBack() {
        FakeProviders.primary.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"message\":\"Invalid value for 'temperature'\",\"type\":\"invalid_request_error\","
                        + "\"param\":\"temperature\",\"code\":null}}")));
        answers(FakeProviders.secondary, "/v1/chat/completions", "llama3.1", "should not be used");

        OpenAIServiceException error = assertThrows(OpenAIServiceException.class,
                () -> client.chat().completions().create(params("route.fallback")));

        assertEquals(400, error.statusCode());
        assertEquals("temperature", error.param().orElseThrow());
        assertEquals("openai/gpt-4o-mini=400 caller_fault", String.join(",", error.headers().values("x-moniker-attempts")));
        FakeProviders.secondary.verify(0, postRequestedFor(urlEqualTo("/v1/chat/completions")));
    }

    @Test
    void whenEverythingFailsOneErrorListsEachAttempt() {
        FakeProviders.primary.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(429)
                .withHeader("Content-Type", "application/json").withBody(RATE_LIMITED)));
        FakeProviders.secondary.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(503)));

        OpenAIServiceException error = assertThrows(OpenAIServiceException.class,
                () -> client.chat().completions().create(params("route.fallback")));

        assertEquals(503, error.statusCode());
        assertEquals("all_attempts_failed", error.code().orElseThrow());
        assertTrue(error.body().toString().contains("All 2 attempts failed: openai/gpt-4o-mini: 429 quota_exceeded "
                + "(Rate limit reached for gpt-4o-mini); ollama/llama3.1: 503 server_error"), error.body().toString());
        assertFalse(error.getMessage().contains("127.0.0.1"), "no upstream URL reaches the client");
    }

    @Test
    void maxLatencyCutsASlowModelAndFallsBack() {
        FakeProviders.primary.stubFor(post("/v1/chat/completions").willReturn(aResponse().withFixedDelay(3000)
                .withHeader("Content-Type", "application/json").withBody(COMPLETION.formatted("gpt-4o-mini", "late"))));
        answers(FakeProviders.secondary, "/v1/chat/completions", "llama3.1", "in time");

        long start = System.nanoTime();
        HttpResponseFor<ChatCompletion> response = client.chat().completions().withRawResponse()
                .create(params("route.slow"));
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertEquals("in time", response.parse().choices().get(0).message().content().orElseThrow());
        assertEquals("openai/gpt-4o-mini=timeout, ollama/llama3.1=ok", header(response, "x-moniker-attempts"));
        // Generous bounds: after the 500ms limit, well before the provider's 3s answer.
        assertTrue(millis >= 500 && millis < 2500, "fell back after " + millis + "ms");
    }

    @Test
    void aStreamFallsBackBeforeItsFirstByte() {
        FakeProviders.primary.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(429)
                .withHeader("Content-Type", "application/json").withBody(RATE_LIMITED)));
        streams(FakeProviders.secondary, "/v1/chat/completions", "Hel", "lo");

        HttpResponseFor<StreamResponse<ChatCompletionChunk>> response = client.chat().completions().withRawResponse()
                .createStreaming(params("route.fallback"));
        String text;
        try (StreamResponse<ChatCompletionChunk> stream = response.parse()) {
            text = stream.stream().flatMap(chunk -> chunk.choices().stream())
                    .map(choice -> choice.delta().content().orElse("")).collect(Collectors.joining());
        }
        assertEquals("Hello", text);
        assertEquals("ollama/llama3.1", header(response, "x-moniker-model"));
        assertEquals("openai/gpt-4o-mini=429 quota_exceeded, ollama/llama3.1=ok", header(response, "x-moniker-attempts"));
    }

    @Test
    void aStreamWhoseConnectionIsResetFallsBack() {
        FakeProviders.primary.stubFor(post("/v1/chat/completions")
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        streams(FakeProviders.secondary, "/v1/chat/completions", "still ", "here");

        HttpResponseFor<StreamResponse<ChatCompletionChunk>> response = client.chat().completions().withRawResponse()
                .createStreaming(params("route.fallback"));
        String text;
        try (StreamResponse<ChatCompletionChunk> stream = response.parse()) {
            text = stream.stream().flatMap(chunk -> chunk.choices().stream())
                    .map(choice -> choice.delta().content().orElse("")).collect(Collectors.joining());
        }
        assertEquals("still here", text);
        assertEquals("openai/gpt-4o-mini=unavailable, ollama/llama3.1=ok", header(response, "x-moniker-attempts"));
    }

    @Test
    void aStreamWhoseFirstChunkIsLateFallsBack() {
        FakeProviders.primary.stubFor(post("/v1/chat/completions").willReturn(aResponse().withFixedDelay(3000)
                .withHeader("Content-Type", "text/event-stream").withBody(CHUNK.formatted("late") + "data: [DONE]\n\n")));
        streams(FakeProviders.secondary, "/v1/chat/completions", "on ", "time");

        String body = given().contentType("application/json")
                .body("{\"model\":\"route.slow\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")
                .post("/v1/chat/completions")
                .then().statusCode(200)
                .header("x-moniker-attempts", "openai/gpt-4o-mini=timeout, ollama/llama3.1=ok")
                .extract().asString();
        assertTrue(body.contains("on ") && body.contains("time") && !body.contains("late"), body);
    }

    @Test
    void aStreamCutAfterItsFirstChunkEndsWithAnErrorEventNeverASilentSuccess() {
        // Two chunks dribbled out, then the connection closes without [DONE].
        FakeProviders.primary.stubFor(post("/v1/chat/completions").willReturn(aResponse()
                .withHeader("Content-Type", "text/event-stream")
                .withBody(CHUNK.formatted("partial") + CHUNK.formatted(" answer"))
                .withChunkedDribbleDelay(2, 200)));
        streams(FakeProviders.secondary, "/v1/chat/completions", "must not be used");

        String body = given().contentType("application/json")
                .body("{\"model\":\"route.fallback\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")
                .post("/v1/chat/completions")
                .then().statusCode(200)
                .header("x-moniker-model", "openai/gpt-4o-mini")
                .extract().asString();
        assertTrue(body.contains("partial"), body);
        assertTrue(body.contains("\"code\":\"stream_interrupted\""), body);
        assertFalse(body.contains("[DONE]"), body);
        FakeProviders.secondary.verify(0, postRequestedFor(urlEqualTo("/v1/chat/completions")));
    }

    @Test
    void withOneOfThreeEndpointsDownClientsSeeNoErrors() {
        answers(FakeProviders.secondary, "/e1/chat/completions", "llama3.1", "e1");
        answers(FakeProviders.secondary, "/e3/chat/completions", "llama3.1", "e3");

        List<String> attempts = new ArrayList<>();
        Set<String> served = new HashSet<>();
        for (int i = 0; i < 18; i++) {
            HttpResponseFor<ChatCompletion> response = client.chat().completions().withRawResponse()
                    .create(params("route.pool"));
            assertEquals(200, response.statusCode());
            served.add(response.parse().choices().get(0).message().content().orElseThrow());
            attempts.add(header(response, "x-moniker-attempts"));
        }
        assertEquals(Set.of("e1", "e3"), served);
        assertTrue(attempts.stream().anyMatch(a -> a.contains("ollama/llama3.1#2=unavailable")), attempts.toString());
        // The dead endpoint's circuit breaker opens (4 failures, the request volume threshold: by request 11) and
        // takes it out of rotation.
        assertTrue(attempts.subList(12, 18).stream().noneMatch(a -> a.contains("#2")), attempts.toString());
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.lines().anyMatch(l -> l.startsWith("moniker_endpoint_breaker_state{")
                && l.contains("endpoint=\"#2\"") && l.contains("alias=\"route.pool\"") && l.endsWith(" 2.0")), metrics);
        assertTrue(metrics.contains("moniker_routing_endpoint_picked_total{alias=\"route.pool\",endpoint=\"#1\""), metrics);
    }

    @Test
    void aStickySplitKeepsOneUserOnOneArm() {
        answers(FakeProviders.primary, "/v1/chat/completions", "gpt-4o-mini", "mini");
        answers(FakeProviders.secondary, "/v1/chat/completions", "llama3.1", "llama");
        for (String user : List.of("alice", "bob", "carol")) {
            Set<String> models = new HashSet<>();
            for (int i = 0; i < 6; i++) {
                HttpResponseFor<ChatCompletion> response = client.chat().completions().withRawResponse()
                        .create(ChatCompletionCreateParams.builder().model("route.split").addUserMessage("Hi")
                                .user(user).build());
                models.add(header(response, "x-moniker-model"));
            }
            assertEquals(1, models.size(), user + " moved between arms: " + models);
        }
        String metrics = given().get("/q/metrics").then().extract().asString();
        assertTrue(metrics.contains("moniker_routing_split_arm_total{alias=\"route.split\""), metrics);
    }
}
