package dev.moniker.api;

import dev.moniker.support.FakeProviders;
import dev.moniker.support.GatewayFiles;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The OpenTelemetry GenAI metrics, as Prometheus scrapes them, after a JSON request, a stream and a failure. */
@QuarkusTest
@QuarkusTestResource(FakeProviders.class)
class GenAiMetricsTest {

    @Test
    void operationDurationAndTimeToFirstTokenCarryTheConventionsLabels() {
        FakeProviders.primary.resetAll();
        FakeProviders.primary.stubFor(post("/v1/chat/completions").withRequestBody(
                        com.github.tomakehurst.wiremock.client.WireMock.containing("\"stream\":true"))
                .willReturn(aResponse().withHeader("Content-Type", "text/event-stream")
                        .withBody(GatewayFiles.read("transcripts/openai-text.sse"))));
        FakeProviders.primary.stubFor(post("/v1/chat/completions").withRequestBody(
                        com.github.tomakehurst.wiremock.client.WireMock.notContaining("\"stream\":true"))
                .willReturn(aResponse().withHeader("Content-Type", "application/json")
                        .withBody("{\"id\":\"x\",\"object\":\"chat.completion\",\"choices\":[],"
                                + "\"usage\":{\"prompt_tokens\":300,\"completion_tokens\":70,\"total_tokens\":370}}")));
        String chat = "{\"model\":\"arch.summarize.v1\",%s\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}";
        given().contentType("application/json").body(chat.formatted("")).post("/v1/chat/completions")
                .then().statusCode(200);
        String stream = given().contentType("application/json").body(chat.formatted("\"stream\":true,"))
                .post("/v1/chat/completions").then().statusCode(200).extract().asString();
        // The gateway asked the provider for the stream's usage; the caller, who did not, gets no usage event.
        FakeProviders.primary.verify(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withRequestBody(matchingJsonPath("$.stream_options.include_usage", equalTo("true"))));
        assertFalse(stream.contains("\"usage\":{"), stream);
        assertTrue(stream.contains("data: [DONE]"), stream);
        given().contentType("application/json")
                .body("{\"model\":\"down-model\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}")
                .post("/v1/chat/completions").then().statusCode(502);

        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        String labels = "gen_ai_operation_name=\"chat\",gen_ai_provider_name=\"openai\","
                + "gen_ai_request_model=\"arch.summarize.v1\",gen_ai_response_model=\"openai/gpt-4o-mini\"";
        assertTrue(metrics.contains("gen_ai_client_operation_duration_seconds_count{error_type=\"none\"," + labels + "}"),
                metrics);
        assertTrue(metrics.contains("gen_ai_client_operation_duration_seconds_bucket{error_type=\"none\"," + labels
                + ",le=\"0.01\"}"), "the conventions' bucket boundaries");
        assertTrue(metrics.contains("gen_ai_server_time_to_first_token_seconds_count{" + labels + "}"), metrics);
        // Tokens from the provider's usage: the JSON answer's 300/70 and the stream's 20/3, in the conventions' buckets.
        assertTrue(metrics.contains("gen_ai_client_token_usage_sum{" + labels + ",gen_ai_token_type=\"input\"} 320.0"),
                metrics);
        assertTrue(metrics.contains("gen_ai_client_token_usage_sum{" + labels + ",gen_ai_token_type=\"output\"} 73.0"),
                metrics);
        assertTrue(metrics.contains("gen_ai_client_token_usage_bucket{" + labels + ",gen_ai_token_type=\"output\","
                + "le=\"4.0\"} 1"), "the stream's 3 output tokens fall in the bucket up to 4");
        assertTrue(metrics.contains("gen_ai_client_operation_duration_seconds_count{error_type=\"502\","
                + "gen_ai_operation_name=\"chat\",gen_ai_provider_name=\"mistral\",gen_ai_request_model=\"down-model\""),
                "a failed request carries its status as error_type");
    }
}
