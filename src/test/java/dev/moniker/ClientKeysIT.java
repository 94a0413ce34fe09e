package dev.moniker;

import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.PermissionDeniedException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.models.Model;
import dev.moniker.support.PackagedGateway;
import dev.moniker.support.ScriptedProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Client keys on the packaged gateway, with both SDKs: no key or a wrong one is a 401, an alias outside the key's
 * {@code allowed_aliases} a 403, an allowed one is served; /v1/models lists only what the key may use; the key never
 * reaches the provider or the log.
 */
class ClientKeysIT {

    private static final String SEARCH_KEY = "mk-search-0123456789abcdef";
    private static final String ADMIN_KEY = "mk-admin-fedcba9876543210";
    private static final String SPEND_KEY = "mk-spend-00112233445566778899";

    @TempDir
    Path dir;

    @Test
    void keysDecideWhoMayCallAndWhichAliases() throws Exception {
        try (ScriptedProvider provider = ScriptedProvider.start(1, 3)) {
            Path config = dir.resolve("moniker.yaml");
            Files.writeString(config, """
                    llm_providers:
                      - model: openai/gpt-4o-mini
                        access_key: sk-provider-key
                        base_url: %1$s/v1
                      - model: anthropic/claude-sonnet-4
                        access_key: sk-ant-provider-key
                        base_url: %1$s/v1
                    model_aliases:
                      arch.summarize.v1:
                        target: gpt-4o-mini
                      smart-model:
                        target: claude-sonnet-4
                    client_keys:
                      - name: team-search
                        key: $SEARCH_KEY
                        allowed_aliases: ["arch.summarize.*"]
                      - name: admin
                        key_sha256: %2$s
                    """.formatted(provider.baseUrl(), dev.moniker.access.ClientKeys.sha256Hex(ADMIN_KEY)));
            try (PackagedGateway gateway = PackagedGateway.start(List.of(), List.of("-Xmx128m"), config.toString(),
                    Map.of("SEARCH_KEY", SEARCH_KEY), PackagedGateway.logFile("client-keys"))) {
                ChatCompletionCreateParams summarize = ChatCompletionCreateParams.builder().model("arch.summarize.v1")
                        .addUserMessage("hi").build();
                OpenAIClient search = OpenAIOkHttpClient.builder().baseUrl(gateway.url("/v1")).apiKey(SEARCH_KEY)
                        .maxRetries(0).build();
                ChatCompletion served = search.chat().completions().create(summarize);
                assertEquals("scripted answer", served.choices().get(0).message().content().orElseThrow());

                PermissionDeniedException forbidden = assertThrows(PermissionDeniedException.class, () -> search.chat()
                        .completions().create(ChatCompletionCreateParams.builder().model("smart-model")
                                .addUserMessage("hi").build()));
                assertTrue(forbidden.getMessage().contains("'team-search' may not use 'smart-model'"),
                        forbidden.getMessage());
                assertEquals(List.of("arch.summarize.v1"), search.models().list().data().stream().map(Model::id)
                        .filter(id -> !id.contains("/")).toList());

                UnauthorizedException wrong = assertThrows(UnauthorizedException.class, () -> OpenAIOkHttpClient
                        .builder().baseUrl(gateway.url("/v1")).apiKey("mk-wrong-key-000000000").maxRetries(0).build()
                        .chat().completions().create(summarize));
                assertTrue(wrong.getMessage().contains("Invalid client key"), wrong.getMessage());
                assertFalse(wrong.getMessage().contains("mk-wrong-key"), "the presented key is not echoed");

                Message viaAnthropic = AnthropicOkHttpClient.builder().baseUrl(gateway.url("")).apiKey(ADMIN_KEY)
                        .maxRetries(0).build().messages().create(MessageCreateParams.builder().model("smart-model")
                                .maxTokens(20).addUserMessage("hi").build());
                assertEquals("scripted answer", viaAnthropic.content().get(0).asText().text());
                assertThrows(com.anthropic.errors.UnauthorizedException.class, () -> AnthropicOkHttpClient.builder()
                        .baseUrl(gateway.url("")).apiKey("nope-nope-nope-nope").maxRetries(0).build().messages()
                        .create(MessageCreateParams.builder().model("smart-model").maxTokens(20).addUserMessage("hi")
                                .build()));

                var noKey = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                                java.net.URI.create(gateway.url("/v1/chat/completions")))
                        .header("Content-Type", "application/json")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                                "{\"model\":\"arch.summarize.v1\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"))
                        .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
                assertEquals(401, noKey.statusCode());
                assertTrue(noKey.body().contains("\"code\":\"missing_api_key\""), noKey.body());
                assertEquals(2, provider.requests(), "only the two served requests reached the provider");
                String log = gateway.log();
                assertFalse(log.contains(SEARCH_KEY) || log.contains(ADMIN_KEY), "no key in the log");
            }
        }
    }

    @Test
    void aKeysRequestsPerMinuteAreEnforcedInItsCallersEnvelopeAndOtherKeysAreNotTouched() throws Exception {
        try (ScriptedProvider provider = ScriptedProvider.start(1, 3)) {
            Path config = dir.resolve("limits.yaml");
            Files.writeString(config, """
                    llm_providers:
                      - model: openai/gpt-4o-mini
                        access_key: sk-provider-key
                        base_url: %1$s/v1
                    model_aliases:
                      fast-model:
                        target: gpt-4o-mini
                    client_keys:
                      - name: team-limited
                        key: $SEARCH_KEY
                        limits:
                          requests_per_minute: 3
                          tokens_per_minute: 1000000
                      - name: team-spend
                        key: $SPEND_KEY
                        limits:
                          max_cost_per_day: 0.000003
                      - name: admin
                        key_sha256: %2$s
                    """.formatted(provider.baseUrl(), dev.moniker.access.ClientKeys.sha256Hex(ADMIN_KEY)));
            try (PackagedGateway gateway = PackagedGateway.start(List.of(), List.of("-Xmx128m"), config.toString(),
                    Map.of("SEARCH_KEY", SEARCH_KEY, "SPEND_KEY", SPEND_KEY, "MONIKER_ACCESS_LOG_ENABLED", "true"),
                    PackagedGateway.logFile("client-key-limits"))) {
                PackagedGateway.awayFromAMinuteBoundary();
                ChatCompletionCreateParams fast = ChatCompletionCreateParams.builder().model("fast-model")
                        .addUserMessage("hi").build();
                OpenAIClient limited = OpenAIOkHttpClient.builder().baseUrl(gateway.url("/v1")).apiKey(SEARCH_KEY)
                        .maxRetries(0).build();
                for (int i = 0; i < 3; i++) {
                    limited.chat().completions().create(fast);
                }
                com.openai.errors.RateLimitException refused = assertThrows(com.openai.errors.RateLimitException.class,
                        () -> limited.chat().completions().create(fast));
                assertTrue(refused.getMessage().contains("Rate limit reached for client key 'team-limited': 3 "
                        + "requests per minute"), refused.getMessage());
                assertEquals(List.of("3"), refused.headers().values("x-ratelimit-limit-requests"));
                assertEquals(List.of("0"), refused.headers().values("x-ratelimit-remaining-requests"));
                int retryAfter = Integer.parseInt(refused.headers().values("retry-after").get(0));
                assertTrue(retryAfter >= 1 && retryAfter <= 60, "retry-after " + retryAfter);
                assertEquals(3, provider.requests(), "the refused request reached no provider");

                com.anthropic.errors.RateLimitException viaAnthropic = assertThrows(
                        com.anthropic.errors.RateLimitException.class, () -> AnthropicOkHttpClient.builder()
                                .baseUrl(gateway.url("")).apiKey(SEARCH_KEY).maxRetries(0).build().messages()
                                .create(MessageCreateParams.builder().model("fast-model").maxTokens(10)
                                        .addUserMessage("hi").build()));
                assertTrue(viaAnthropic.getMessage().contains("team-limited"), viaAnthropic.getMessage());

                OpenAIClient admin = OpenAIOkHttpClient.builder().baseUrl(gateway.url("/v1")).apiKey(ADMIN_KEY)
                        .maxRetries(0).build();
                assertEquals("scripted answer", admin.chat().completions().create(fast).choices().get(0).message()
                        .content().orElseThrow(), "another key keeps its own budget");
                assertFalse(gateway.log().contains(SEARCH_KEY), "the key never reaches the log");

                // 5 input and 2 output tokens at gpt-4o-mini's price: $0.0000019 an answer, a $0.000003 day
                OpenAIClient spender = OpenAIOkHttpClient.builder().baseUrl(gateway.url("/v1")).apiKey(SPEND_KEY)
                        .maxRetries(0).build();
                spender.chat().completions().create(fast);
                spender.chat().completions().create(fast); // admitted: $0.0000019 spent so far
                com.openai.errors.RateLimitException spent = assertThrows(com.openai.errors.RateLimitException.class,
                        () -> spender.chat().completions().create(fast));
                assertTrue(spent.getMessage().contains("Spend limit reached for client key 'team-spend': $0.000003 per day"),
                        spent.getMessage());

                // the access log: one line per exchange, naming the key, never holding it or any message text
                String log = gateway.log();
                assertTrue(log.contains("api=openai requested=fast-model served=openai/gpt-4o-mini status=200 "
                        + "stream=false attempts=\"openai/gpt-4o-mini=ok\" tokens=5/2 ttfb_ms="), log);
                assertTrue(log.contains("status=429") && log.contains("key=team-limited")
                        && log.contains("key=team-spend"), log);
                assertTrue(log.contains("api=anthropic requested=fast-model"), log);
                assertFalse(log.contains(SPEND_KEY) || log.contains("\"hi\""), "no key, no message text");
            }
        }
    }
}
