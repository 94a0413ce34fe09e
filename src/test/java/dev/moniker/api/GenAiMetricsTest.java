package dev.moniker.api;

import dev.moniker.support.FakeProviders;
import dev.moniker.support.GatewayFiles;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static io.restassured.RestAssured.given;
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
                        .withBody("{\"id\":\"x\",\"object\":\"chat.completion\",\"choices\":[]}")));
        String chat = "{\"model\":\"arch.summarize.v1\",%s\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}";
        given().contentType("application/json").body(chat.formatted("")).post("/v1/chat/completions")
                .then().statusCode(200);
        given().contentType("application/json").body(chat.formatted("\"stream\":true,")).post("/v1/chat/completions")
                .then().statusCode(200);
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
        assertTrue(metrics.contains("gen_ai_client_operation_duration_seconds_count{error_type=\"502\","
                + "gen_ai_operation_name=\"chat\",gen_ai_provider_name=\"mistral\",gen_ai_request_model=\"down-model\""),
                "a failed request carries its status as error_type");
    }
}
