package dev.moniker.api;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.HttpResponseFor;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.moniker.runtime.GatewayRuntime;
import dev.moniker.support.FakeProviders;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.ArrayList;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sequences of faults through one running gateway, as users meet them: a split arm that fails until its breaker
 * opens never costs a caller an error; a primary cooling down after 429s is skipped and its quota fallback serves,
 * until the cooldown ends and the primary serves again.
 */
@QuarkusTest
@QuarkusTestResource(FakeProviders.class)
class FaultSequenceTest {

    private static final String ANSWER = "{\"id\":\"c\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"m\","
            + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"%s\"},\"finish_reason\":\"stop\"}]}";

    @TestHTTPResource("/v1")
    URL gateway;

    @Inject
    GatewayRuntime runtime;

    private OpenAIClient client;

    @BeforeEach
    void reset() {
        FakeProviders.primary.resetAll();
        FakeProviders.secondary.resetAll();
        client = OpenAIOkHttpClient.builder().baseUrl(gateway.toString()).apiKey("k").maxRetries(0).build();
        FakeProviders.secondary.stubFor(post("/seqb/v1/chat/completions").willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withBody(ANSWER.formatted("from b"))));
    }

    private HttpResponseFor<ChatCompletion> ask(String alias) {
        return client.chat().completions().withRawResponse()
                .create(ChatCompletionCreateParams.builder().model(alias).addUserMessage("hi").build());
    }

    private static String attempts(HttpResponseFor<ChatCompletion> response) {
        return response.headers().values("x-moniker-attempts").get(0);
    }

    @Test
    void aSplitArmFailingUntilItsBreakerOpensNeverCostsACallerAnError() {
        FakeProviders.primary.stubFor(post("/seqa/v1/chat/completions").willReturn(aResponse().withStatus(500)));
        List<String> headers = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            HttpResponseFor<ChatCompletion> response = ask("seq.split");
            assertEquals(200, response.statusCode());
            assertEquals("from b", response.parse().choices().get(0).message().content().orElseThrow());
            headers.add(attempts(response));
        }
        // Arm a was tried (and failed over to b) only until its breaker opened: 4 calls is the request volume.
        long triedA = headers.stream().filter(h -> h.startsWith("seq-a/seq-model-a=500")).count();
        assertTrue(triedA >= 1 && triedA <= 4, headers.toString());
        assertTrue(headers.subList(20, 30).stream().allMatch(h -> h.equals("seq-b/seq-model-b=ok")),
                "once a is out of rotation every request goes straight to b: " + headers);
        FakeProviders.primary.verify((int) triedA, postRequestedFor(urlEqualTo("/seqa/v1/chat/completions")));
    }

    @Test
    void aPrimaryCoolingDownAfter429sFallsBackOnQuotaUntilItRecovers() {
        FakeProviders.primary.stubFor(post("/seqc/v1/chat/completions").willReturn(aResponse().withStatus(429)
                .withHeader("Retry-After", "30").withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\","
                        + "\"code\":\"rate_limit_exceeded\"}}")));
        HttpResponseFor<ChatCompletion> first = ask("seq.quota");
        assertEquals("seq-c/seq-model-c=429 quota_exceeded, seq-b/seq-model-b=ok", attempts(first));
        for (int i = 0; i < 5; i++) {
            HttpResponseFor<ChatCompletion> cooling = ask("seq.quota");
            assertEquals(200, cooling.statusCode());
            assertEquals("seq-c/seq-model-c=skipped (cooling down after 429), seq-b/seq-model-b=ok", attempts(cooling));
        }
        FakeProviders.primary.verify(1, postRequestedFor(urlEqualTo("/seqc/v1/chat/completions")));

        FakeProviders.primary.stubFor(post("/seqc/v1/chat/completions").willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withBody(ANSWER.formatted("from c"))));
        runtime.current().health().endCooldowns(); // the test's clock: the 30 s Retry-After has passed
        HttpResponseFor<ChatCompletion> recovered = ask("seq.quota");
        assertEquals("seq-c/seq-model-c=ok", attempts(recovered));
        assertEquals("from c", recovered.parse().choices().get(0).message().content().orElseThrow());
    }
}
