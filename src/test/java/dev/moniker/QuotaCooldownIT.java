package dev.moniker;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.HttpResponseFor;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.moniker.support.PackagedGateway;
import dev.moniker.support.ScriptedProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A primary that answers 429 without {@code Retry-After}, as many OpenAI-compatible servers do, through one running
 * gateway with its default backoff: the first 429 falls back and takes the primary out of rotation for a second,
 * during which the fallback serves without asking it; once the primary is well again it serves again.
 */
class QuotaCooldownIT {

    private static final String QUOTA = "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\","
            + "\"param\":null,\"code\":\"rate_limit_exceeded\"}}";
    private static final String ANSWER = "{\"id\":\"c\",\"object\":\"chat.completion\",\"created\":1,\"model\":"
            + "\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"primary\"},"
            + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1,\"total_tokens\":2}}";

    @TempDir
    Path dir;

    @Test
    void a429WithoutRetryAfterCoolsThePrimaryDownAndTheFallbackServesMeanwhile() throws Exception {
        WireMockServer primary = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        primary.start();
        primary.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(429)
                .withHeader("Content-Type", "application/json").withBody(QUOTA)));
        try (ScriptedProvider fallback = ScriptedProvider.start(1, 3)) {
            Path config = dir.resolve("moniker.yaml");
            Files.writeString(config, """
                    llm_providers:
                      - model: openai/gpt-4o-mini
                        access_key: sk-a
                        base_url: %s/v1
                      - model: groq/llama-3.1-8b-instant
                        access_key: sk-b
                        base_url: %s/v1
                    model_aliases:
                      arch.summarize.v1:
                        target: gpt-4o-mini
                        fallbacks:
                          - target: llama-3.1-8b-instant
                            conditions: ["quota_exceeded"]
                    """.formatted(primary.baseUrl(), fallback.baseUrl()));
            try (PackagedGateway gateway = PackagedGateway.start(List.of(), List.of("-Xmx128m"), config.toString(),
                    Map.of(), PackagedGateway.logFile("quota-cooldown"))) {
                OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(gateway.url("/v1")).apiKey("unused")
                        .maxRetries(0).build();
                ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model("arch.summarize.v1")
                        .addUserMessage("hi").build();

                // A first call straight to the fallback's model, so the gateway's own first-request cost is paid.
                client.chat().completions().create(ChatCompletionCreateParams.builder()
                        .model("groq/llama-3.1-8b-instant").addUserMessage("hi").build());

                long first = System.nanoTime();
                assertEquals("openai/gpt-4o-mini=429 quota_exceeded, groq/llama-3.1-8b-instant=ok",
                        attempts(client, params));
                long answered = System.nanoTime();
                int skipped = 0;
                while (System.nanoTime() - answered < 300_000_000L) { // well inside the 1 s cooldown
                    assertEquals("openai/gpt-4o-mini=skipped (cooling down after 429), groq/llama-3.1-8b-instant=ok",
                            attempts(client, params));
                    skipped++;
                }
                primary.verify(1, postRequestedFor(urlEqualTo("/v1/chat/completions")));
                assertTrue(skipped > 0);

                // The primary is well again; it serves once its cooldown is over (within the 1 s and a margin).
                primary.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(200)
                        .withHeader("Content-Type", "application/json").withBody(ANSWER)));
                String last = "";
                long deadline = first + 5_000_000_000L;
                while (!last.equals("openai/gpt-4o-mini=ok") && System.nanoTime() < deadline) {
                    last = attempts(client, params);
                }
                long back = System.nanoTime() - first;
                assertEquals("openai/gpt-4o-mini=ok", last);
                assertTrue(back >= 1_000_000_000L && back < 3_000_000_000L, "back after " + back / 1_000_000 + " ms");
            }
        } finally {
            primary.stop();
        }
    }

    private static String attempts(OpenAIClient client, ChatCompletionCreateParams params) {
        HttpResponseFor<ChatCompletion> response = client.chat().completions().withRawResponse().create(params);
        assertEquals(200, response.statusCode());
        return response.headers().values("x-moniker-attempts").get(0);
    }
}
