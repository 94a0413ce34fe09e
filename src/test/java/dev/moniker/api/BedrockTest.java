package dev.moniker.api;

import com.anthropic.client.AnthropicClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.openai.client.OpenAIClient;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import dev.moniker.support.EventStreamFrames;
import dev.moniker.support.FakeProviders;
import dev.moniker.support.Sdks;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URL;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Amazon Bedrock (Converse) behind aliases, with the official SDKs as callers: the exact outbound URL (a model id
 * with a colon), auth (a Bedrock API key; SigV4 for IAM credentials) and body, JSON answers and event streams.
 */
@QuarkusTest
@QuarkusTestResource(FakeProviders.class)
class BedrockTest {

    private static final String NOVA = "/model/us.amazon.nova-pro-v1%3A0";
    private static final String ANSWER = """
            {"output":{"message":{"role":"assistant","content":[{"text":"Sunny in Bern."}]}},"stopReason":"end_turn",
             "usage":{"inputTokens":21,"outputTokens":5,"totalTokens":26},"metrics":{"latencyMs":120}}""";
    private static final byte[] STREAM = new EventStreamFrames()
            .event("messageStart", "{\"p\":\"abcd\",\"role\":\"assistant\"}")
            .event("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"Sunny \"}}")
            .event("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"in Bern.\"}}")
            .event("contentBlockStop", "{\"contentBlockIndex\":0}")
            .event("messageStop", "{\"stopReason\":\"end_turn\"}")
            .event("metadata", "{\"usage\":{\"inputTokens\":21,\"outputTokens\":5,\"totalTokens\":26},\"metrics\":{\"latencyMs\":9}}")
            .bytes();

    @TestHTTPResource("/")
    URL gateway;

    private OpenAIClient openAi;
    private AnthropicClient anthropic;

    @BeforeEach
    void reset() {
        FakeProviders.secondary.resetAll();
        openAi = Sdks.openAi(gateway);
        anthropic = Sdks.anthropic(gateway);
        FakeProviders.secondary.stubFor(post(urlEqualTo(NOVA + "/converse")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withBody(ANSWER)));
        FakeProviders.secondary.stubFor(post(urlEqualTo(NOVA + "/converse-stream")).willReturn(aResponse()
                .withHeader("Content-Type", "application/vnd.amazon.eventstream").withBody(STREAM)));
    }

    @Test
    void anOpenAiClientGetsAChatCompletionFromConverse() {
        ChatCompletion completion = openAi.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("bedrock.nova").addSystemMessage("Be brief.").addUserMessage("Weather in Bern?")
                .maxCompletionTokens(50).temperature(0.3).build());
        assertEquals("Sunny in Bern.", completion.choices().get(0).message().content().orElseThrow());
        assertEquals(ChatCompletion.Choice.FinishReason.STOP, completion.choices().get(0).finishReason());
        assertEquals(21, completion.usage().orElseThrow().promptTokens());
        assertEquals(5, completion.usage().orElseThrow().completionTokens());
        FakeProviders.secondary.verify(postRequestedFor(urlEqualTo(NOVA + "/converse"))
                .withHeader("Authorization", equalTo("Bearer bedrock-test-api-key"))
                .withRequestBody(equalToJson("""
                        {"messages":[{"role":"user","content":[{"text":"Weather in Bern?"}]}],
                         "system":[{"text":"Be brief."}],"inferenceConfig":{"maxTokens":50,"temperature":0.3}}""")));
    }

    @Test
    void anOpenAiClientStreamsFromConverseStreamWithUsage() {
        ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
        try (var stream = openAi.chat().completions().createStreaming(ChatCompletionCreateParams.builder()
                .model("bedrock.nova").addUserMessage("Weather in Bern?")
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
            stream.stream().forEach(accumulator::accumulate);
        }
        ChatCompletion completion = accumulator.chatCompletion();
        assertEquals("Sunny in Bern.", completion.choices().get(0).message().content().orElseThrow());
        assertEquals(26, completion.usage().orElseThrow().totalTokens());
        FakeProviders.secondary.verify(postRequestedFor(urlEqualTo(NOVA + "/converse-stream"))
                .withHeader("Accept", equalTo("application/vnd.amazon.eventstream")));
    }

    @Test
    void anAnthropicClientGetsMessagesAndStreams() {
        Message message = anthropic.messages().create(MessageCreateParams.builder().model("bedrock.nova")
                .maxTokens(64).system("Be brief.").addUserMessage("Weather in Bern?").build());
        assertEquals("Sunny in Bern.", message.content().get(0).asText().text());
        assertEquals(StopReason.END_TURN, message.stopReason().orElseThrow());
        assertEquals(21, message.usage().inputTokens());
        FakeProviders.secondary.verify(postRequestedFor(urlEqualTo(NOVA + "/converse")).withRequestBody(equalToJson("""
                {"messages":[{"role":"user","content":[{"text":"Weather in Bern?"}]}],"system":[{"text":"Be brief."}],
                 "inferenceConfig":{"maxTokens":64}}""")));

        MessageAccumulator accumulator = MessageAccumulator.create();
        try (StreamResponse<RawMessageStreamEvent> stream = anthropic.messages().createStreaming(
                MessageCreateParams.builder().model("bedrock.nova").maxTokens(64).addUserMessage("Weather?").build())) {
            stream.stream().forEach(accumulator::accumulate);
        }
        Message streamed = accumulator.message();
        assertEquals("Sunny in Bern.", streamed.content().get(0).asText().text());
        assertEquals(5, streamed.usage().outputTokens());
    }

    @Test
    void iamCredentialsSignEachRequestAndNoKeyTravelsOrShows() {
        String iam = "/iam/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse";
        FakeProviders.secondary.stubFor(post(urlEqualTo(iam)).willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withBody(ANSWER)));
        String body = given().contentType("application/json")
                .body("{\"model\":\"bedrock.iam\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")
                .post("/v1/chat/completions").then().statusCode(200)
                .header("x-moniker-model", org.hamcrest.Matchers.equalTo("amazon_bedrock/anthropic.claude-3-haiku-20240307-v1:0"))
                .extract().asString();
        assertFalse(body.contains("EXAMPLEKEY"), body);
        FakeProviders.secondary.verify(postRequestedFor(urlEqualTo(iam))
                .withHeader("Authorization", matching("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/\\d{8}/us-west-2/bedrock/"
                        + "aws4_request, SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date, "
                        + "Signature=[0-9a-f]{64}"))
                .withHeader("X-Amz-Date", matching("\\d{8}T\\d{6}Z"))
                .withHeader("x-amz-content-sha256", matching("[0-9a-f]{64}"))
                .withHeader("X-Amz-Security-Token", absent()));
        String explained = given().get("/v1/models/bedrock.iam").then().statusCode(200).extract().asString();
        assertFalse(explained.contains("EXAMPLEKEY"), explained);
    }

    @Test
    void aThrottledBedrockIsA429InEachEnvelopeAndTokensAreMetered() {
        FakeProviders.secondary.stubFor(post(urlEqualTo(NOVA + "/converse")).willReturn(aResponse().withStatus(429)
                .withHeader("Content-Type", "application/json")
                .withHeader("x-amzn-ErrorType", "ThrottlingException:http://internal.amazon.com/coral/com.amazon.bedrock/")
                .withBody("{\"message\":\"Too many requests, please wait before trying again.\"}")));
        given().contentType("application/json")
                .body("{\"model\":\"bedrock.nova\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")
                .post("/v1/chat/completions").then().statusCode(429)
                .body("error.type", org.hamcrest.Matchers.equalTo("rate_limit_error"))
                .body("error.code", org.hamcrest.Matchers.equalTo("ThrottlingException"));
        given().contentType("application/json")
                .body("{\"model\":\"bedrock.nova\",\"max_tokens\":9,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")
                .post("/v1/messages").then().statusCode(429)
                .body("type", org.hamcrest.Matchers.equalTo("error"))
                .body("error.type", org.hamcrest.Matchers.equalTo("rate_limit_error"));

        given().contentType("application/json").body("{\"model\":\"bedrock.nova\",\"stream\":true,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}").post("/v1/chat/completions")
                .then().statusCode(200).header("content-type", org.hamcrest.Matchers.startsWith("text/event-stream"));
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        String labels = "gen_ai_operation_name=\"chat\",gen_ai_provider_name=\"amazon_bedrock\","
                + "gen_ai_request_model=\"bedrock.nova\",gen_ai_response_model=\"amazon_bedrock/us.amazon.nova-pro-v1:0\"";
        assertTrue(metrics.contains("gen_ai_client_token_usage_count{" + labels + ",gen_ai_token_type=\"input\"}"),
                "Converse's camel-case usage is metered");
    }
}
