package dev.moniker.api;

import com.anthropic.errors.RateLimitException;
import com.anthropic.models.messages.MessageCreateParams;
import com.openai.client.OpenAIClient;
import com.openai.core.http.HttpResponseFor;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.moniker.support.FakeProviders;
import dev.moniker.support.Sdks;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * archgw's {@code ratelimits} through the real gateway (100 tokens a day per {@code x-team} value for
 * {@code limited/limited-model}): budgets spent by the tokens answers and streams reported, one per header value, the
 * 429 in both envelopes with OpenAI's {@code x-ratelimit-*} headers, and a fallback on {@code quota_exceeded} that
 * serves a spent budget's requests elsewhere. Each test has its own team, so their budgets never meet.
 */
@QuarkusTest
@QuarkusTestResource(FakeProviders.class)
class RateLimitsTest {

    private static final String LIMITED = "/limited/v1/chat/completions";

    @TestHTTPResource("/")
    URL gateway;

    private OpenAIClient openAi;

    @BeforeEach
    void reset() {
        FakeProviders.primary.resetAll();
        openAi = Sdks.openAi(gateway);
        answer(LIMITED, "limited-model", 50, 30); // 80 tokens an answer
        answer("/legacy-limited/v1/chat/completions", "legacy-limited-model", 50, 30);
        answer("/v1/chat/completions", "gpt-4o-mini", 5, 5);
    }

    private static void answer(String path, String model, int in, int out) {
        FakeProviders.primary.stubFor(post(path).willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody("""
                        {"id":"c1","object":"chat.completion","created":1,"model":"%s","choices":[{"index":0,
                         "message":{"role":"assistant","content":"ok"},"finish_reason":"stop"}],
                         "usage":{"prompt_tokens":%d,"completion_tokens":%d,"total_tokens":%d}}"""
                        .formatted(model, in, out, in + out))));
    }

    private static Response ask(String alias, String team) {
        var request = given().contentType("application/json")
                .body("{\"model\":\"" + alias + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        if (team != null) {
            request = request.header("x-team", team);
        }
        return request.post("/v1/chat/completions");
    }

    private static String team() {
        return "team-" + UUID.randomUUID();
    }

    @Test
    void archgwsOlderPerProviderFormIsEnforcedToo() {
        String team = team();
        assertEquals(200, ask("limited.legacy", team).statusCode());
        assertEquals(200, ask("limited.legacy", team).statusCode());
        Response refused = ask("limited.legacy", team);
        assertEquals(429, refused.statusCode(), refused.asString());
        assertTrue(refused.jsonPath().getString("error.message").contains(".rate_limits, per x-team): 100 tokens per "
                + "day"), refused.asString());
        assertEquals(200, ask("limited.legacy", team()).statusCode(), "another team has its own budget");
    }

    @Test
    void aTeamsBudgetIsSpentByWhatItsAnswersUsedAndOtherTeamsKeepTheirs() {
        String team = team();
        assertEquals(200, ask("limited.direct", team).statusCode()); // 80 of 100 used
        assertEquals(200, ask("limited.direct", team).statusCode()); // admitted: 80 < 100; now 160
        Response refused = ask("limited.direct", team);
        assertEquals(429, refused.statusCode());
        assertEquals("rate_limit_exceeded", refused.jsonPath().getString("error.code"));
        assertTrue(refused.jsonPath().getString("error.message").startsWith("Rate limit reached for model "
                + "limited/limited-model (ratelimits[0], per x-team): 100 tokens per day; try again in "),
                refused.asString());
        assertEquals("100", refused.header("x-ratelimit-limit-tokens"));
        assertEquals("0", refused.header("x-ratelimit-remaining-tokens"));
        assertTrue(refused.header("x-ratelimit-reset-tokens").endsWith("s"), refused.header("x-ratelimit-reset-tokens"));
        FakeProviders.primary.verify(2, postRequestedFor(urlEqualTo(LIMITED)));

        assertEquals(200, ask("limited.direct", team()).statusCode(), "another team has its own budget");
        assertEquals(200, ask("limited.direct", null).statusCode(), "no x-team header: the rule does not apply");

        RateLimitException viaAnthropic = assertThrows(RateLimitException.class, () -> Sdks.anthropic(gateway)
                .messages().create(MessageCreateParams.builder().model("limited.direct").maxTokens(10)
                        .addUserMessage("hi").putAdditionalHeader("x-team", team).build()));
        assertTrue(viaAnthropic.getMessage().contains("Rate limit reached for model limited/limited-model"),
                viaAnthropic.getMessage());
    }

    @Test
    void aSpentBudgetFallsBackOnQuotaExceededLikeAProvidersOwn429() {
        String team = team();
        ask("limited.direct", team);
        ask("limited.direct", team);
        HttpResponseFor<ChatCompletion> fallenBack = openAi.chat().completions().withRawResponse().create(
                ChatCompletionCreateParams.builder().model("limited.fallback").addUserMessage("hi")
                        .putAdditionalHeader("x-team", team).build());
        assertEquals(200, fallenBack.statusCode());
        assertEquals("openai/gpt-4o-mini", fallenBack.headers().values("x-moniker-model").get(0));
        assertTrue(fallenBack.headers().values("x-moniker-attempts").get(0).contains("quota_exceeded"),
                fallenBack.headers().values("x-moniker-attempts").toString());
        // the refused attempt cooled nothing down: another team still reaches the limited model
        Response other = ask("limited.fallback", team());
        assertEquals("limited/limited-model", other.header("x-moniker-model"));
    }

    @Test
    void aStreamsReportedUsageSpendsTheBudgetToo() {
        String team = team();
        FakeProviders.primary.stubFor(post(LIMITED).willReturn(aResponse()
                .withHeader("Content-Type", "text/event-stream").withBody(
                        "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\","
                                + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"hi\"},\"finish_reason\":\"stop\"}]}\n\n"
                                + "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\","
                                + "\"choices\":[],\"usage\":{\"prompt_tokens\":90,\"completion_tokens\":20,"
                                + "\"total_tokens\":110}}\n\ndata: [DONE]\n\n")));
        String body = given().contentType("application/json").header("x-team", team)
                .body("{\"model\":\"limited.direct\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .post("/v1/chat/completions").then().statusCode(200).extract().asString();
        assertTrue(body.endsWith("data: [DONE]\n\n"), body);
        assertTrue(!body.contains("\"usage\":{"), "the caller did not ask for usage: " + body);
        FakeProviders.primary.verify(postRequestedFor(urlEqualTo(LIMITED))
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath(
                        "$.stream_options.include_usage", com.github.tomakehurst.wiremock.client.WireMock.equalTo("true"))));
        assertEquals(429, ask("limited.direct", team).statusCode(), "110 tokens streamed spent the budget");
    }
}
