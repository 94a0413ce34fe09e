package dev.moniker;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.InternalServerException;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import dev.moniker.support.PackagedGateway;
import dev.moniker.support.PostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two packaged gateways sharing one real PostgreSQL ({@code state_storage: postgres}): a Responses conversation
 * begun on one replica is continued on the other, the connection string's password never reaches the log, and an
 * outage of the store is a clear 503 for a continuation while new conversations still work.
 */
class ResponsesStoreIT {

    private static final String CHAT = """
            {"id":"c","object":"chat.completion","created":1,"model":"llama",
             "choices":[{"index":0,"message":{"role":"assistant","content":"%s"},"finish_reason":"stop"}],
             "usage":{"prompt_tokens":5,"completion_tokens":2,"total_tokens":7}}""";

    private static final String CHAT_STREAM = """
            data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"llama","choices":[{"index":0,"delta":{"role":"assistant","content":"Stream"},"finish_reason":null}]}

            data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"llama","choices":[{"index":0,"delta":{"content":"ed"},"finish_reason":"stop"}]}

            data: [DONE]

            """;

    @TempDir
    Path dir;

    @Test
    void aConversationBegunOnOneReplicaContinuesOnTheOther() throws Exception {
        WireMockServer provider = new WireMockServer(WireMockConfiguration.options().dynamicPort()
                .bindAddress("127.0.0.1"));
        provider.start();
        try (PostgresServer postgres = PostgresServer.start(PackagedGateway.logFile("postgres"));
             HttpClient http = HttpClient.newHttpClient()) {
            Path config = dir.resolve("moniker.yaml");
            Files.writeString(config, """
                    llm_providers:
                      - model: self-hosted/llama
                        provider_interface: openai
                        base_url: %s/v1
                    model_aliases:
                      chat-model:
                        target: self-hosted/llama
                    state_storage:
                      type: postgres
                      connection_string: $RESPONSES_DB
                    """.formatted(provider.baseUrl()));
            Map<String, String> env = Map.of("RESPONSES_DB", postgres.url());
            try (PackagedGateway a = PackagedGateway.start(List.of(), List.of("-Xmx128m"), config.toString(), env,
                    PackagedGateway.logFile("responses-store-a"));
                 PackagedGateway b = PackagedGateway.start(List.of(), List.of("-Xmx128m"), config.toString(), env,
                         PackagedGateway.logFile("responses-store-b"))) {
                provider.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse()
                        .withHeader("Content-Type", "application/json").withBody(CHAT.formatted("Hello Ada"))));
                Response first = client(a).responses().create(ResponseCreateParams.builder().model("chat-model")
                        .input("My name is Ada").build());
                assertEquals("1", postgres.sql("SELECT count(*) FROM moniker_responses WHERE id = '" + first.id() + "'"));

                provider.resetAll();
                provider.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse()
                        .withHeader("Content-Type", "application/json").withBody(CHAT.formatted("You are Ada"))));
                Response second = client(b).responses().create(ResponseCreateParams.builder().model("chat-model")
                        .input("Who am I?").previousResponseId(first.id()).build());
                assertTrue(second.id().startsWith("resp_"));
                provider.verify(postRequestedFor(urlEqualTo("/v1/chat/completions")).withRequestBody(equalToJson("""
                        {"model":"llama","messages":[{"role":"user","content":"My name is Ada"},
                          {"role":"assistant","content":"Hello Ada"},{"role":"user","content":"Who am I?"}]}""")));

                HttpResponse<String> read = http.send(HttpRequest.newBuilder(URI.create(a.url("/v1/responses/"
                        + second.id()))).GET().build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, read.statusCode(), read.body());
                assertTrue(read.body().contains("You are Ada"), read.body());

                // Each row keeps its own turn and a link to the one it continues: a third turn (back on the first
                // replica) is sent the whole conversation, and its row holds only what it added.
                provider.resetAll();
                provider.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse()
                        .withHeader("Content-Type", "application/json").withBody(CHAT.formatted("Still Ada"))));
                Response third = client(a).responses().create(ResponseCreateParams.builder().model("chat-model")
                        .input("Sure?").previousResponseId(second.id()).build());
                provider.verify(postRequestedFor(urlEqualTo("/v1/chat/completions")).withRequestBody(equalToJson("""
                        {"model":"llama","messages":[{"role":"user","content":"My name is Ada"},
                          {"role":"assistant","content":"Hello Ada"},{"role":"user","content":"Who am I?"},
                          {"role":"assistant","content":"You are Ada"},{"role":"user","content":"Sure?"}]}""")));
                String row = postgres.sql("SELECT (conversation IS NULL) || ' ' || previous || ' ' || turn::text "
                        + "FROM moniker_responses WHERE id = '" + third.id() + "'");
                assertTrue(row.startsWith("true " + second.id() + " ") && row.contains("Sure?")
                        && row.contains("Still Ada") && !row.contains("My name is Ada"), row);

                // A row written before turns were kept (the whole conversation in one column) is still continued.
                postgres.sql("INSERT INTO moniker_responses (id, owner, response, conversation, stored_at) VALUES "
                        + "('resp_legacy', NULL, '{\"id\":\"resp_legacy\",\"object\":\"response\",\"output\":[]}', "
                        + "'[{\"role\":\"user\",\"content\":\"Old question\"},{\"role\":\"assistant\","
                        + "\"content\":\"Old answer\"}]', now())");
                provider.resetAll();
                provider.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse()
                        .withHeader("Content-Type", "application/json").withBody(CHAT.formatted("New answer"))));
                client(b).responses().create(ResponseCreateParams.builder().model("chat-model")
                        .input("New question").previousResponseId("resp_legacy").build());
                provider.verify(postRequestedFor(urlEqualTo("/v1/chat/completions")).withRequestBody(equalToJson("""
                        {"model":"llama","messages":[{"role":"user","content":"Old question"},
                          {"role":"assistant","content":"Old answer"},{"role":"user","content":"New question"}]}""")));

                // A deleted middle turn: the last response is still read, but continuing it would drop turns, so the
                // other replica (which did not write it) refuses, naming the parameter.
                http.send(HttpRequest.newBuilder(URI.create(a.url("/v1/responses/" + second.id()))).DELETE().build(),
                        HttpResponse.BodyHandlers.ofString());
                HttpResponse<String> gap = http.send(HttpRequest.newBuilder(URI.create(b.url("/v1/responses")))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                                "{\"model\":\"chat-model\",\"input\":\"And?\",\"previous_response_id\":\""
                                        + third.id() + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(400, gap.statusCode(), gap.body());
                assertTrue(gap.body().contains("conversation_incomplete") && gap.body().contains("previous_response_id"),
                        gap.body());
                assertEquals(200, http.send(HttpRequest.newBuilder(URI.create(b.url("/v1/responses/" + third.id())))
                        .GET().build(), HttpResponse.BodyHandlers.ofString()).statusCode());

                // A stream ends only once its conversation is stored: with every write slowed down to 800 ms, a
                // caller that read the stream to its end continues it on the other replica at once.
                postgres.sql("CREATE FUNCTION moniker_slow() RETURNS trigger AS $$ BEGIN PERFORM pg_sleep(0.8); "
                        + "RETURN NEW; END $$ LANGUAGE plpgsql");
                postgres.sql("CREATE TRIGGER moniker_slow BEFORE INSERT OR UPDATE ON moniker_responses "
                        + "FOR EACH ROW EXECUTE FUNCTION moniker_slow()");
                provider.resetAll();
                provider.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse()
                        .withHeader("Content-Type", "text/event-stream").withBody(CHAT_STREAM)));
                String streamedId;
                try (var stream = client(a).responses().createStreaming(ResponseCreateParams.builder()
                        .model("chat-model").input("Say it slowly").build())) {
                    // Read to the stream's end; the completed event carries the response's id.
                    streamedId = stream.stream().filter(event -> event.isCompleted()).toList().get(0)
                            .asCompleted().response().id();
                }
                provider.resetAll();
                provider.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse()
                        .withHeader("Content-Type", "application/json").withBody(CHAT.formatted("Slowly said"))));
                client(b).responses().create(ResponseCreateParams.builder().model("chat-model")
                        .input("And then?").previousResponseId(streamedId).build());
                provider.verify(postRequestedFor(urlEqualTo("/v1/chat/completions")).withRequestBody(equalToJson("""
                        {"model":"llama","messages":[{"role":"user","content":"Say it slowly"},
                          {"role":"assistant","content":"Streamed"},{"role":"user","content":"And then?"}]}""")));
                postgres.sql("DROP TRIGGER moniker_slow ON moniker_responses");

                postgres.stop(); // an outage of the store
                InternalServerException outage = assertThrows(InternalServerException.class, () -> client(b).responses()
                        .create(ResponseCreateParams.builder().model("chat-model").input("Again?")
                                .previousResponseId("resp_" + "0".repeat(32)).build()));
                assertEquals(503, outage.statusCode());
                Response fresh = client(b).responses().create(ResponseCreateParams.builder().model("chat-model")
                        .input("A new conversation").store(false).build());
                assertTrue(fresh.id().startsWith("resp_"));
                assertFalse(a.log().contains("not-a-real-password") || b.log().contains("not-a-real-password"),
                        "the connection string's password reached a log");
                assertTrue(a.log().contains("responses store: postgres 127.0.0.1:"), a.log());
            }
        } finally {
            provider.stop();
        }
    }

    private static OpenAIClient client(PackagedGateway gateway) {
        return OpenAIOkHttpClient.builder().baseUrl(gateway.url("/v1")).apiKey("client").maxRetries(0)
                .timeout(Duration.ofSeconds(20)).build();
    }
}
