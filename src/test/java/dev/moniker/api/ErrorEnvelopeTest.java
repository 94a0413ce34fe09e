package dev.moniker.api;

import dev.moniker.support.FakeProviders;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

/** Every answer an SDK can parse: the framework's refusals and malformed bodies, in the caller's envelope. */
@QuarkusTest
@QuarkusTestResource(FakeProviders.class)
class ErrorEnvelopeTest {

    private static final String CHAT = "{\"model\":\"fast-model\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}";

    @BeforeEach
    void reset() {
        FakeProviders.primary.resetAll();
    }

    @Test
    void unknownPathsAreJson404sInTheEnvelopeOfTheirApi() {
        given().contentType("application/json").body("{\"input\":\"x\"}").post("/v1/audio/speech")
                .then().statusCode(404).contentType("application/json")
                .body("error.code", equalTo("unknown_url"))
                .body("error.message", containsString("POST /v1/audio/speech"));
        given().contentType("application/json").body("{}").post("/v1/messages/batches")
                .then().statusCode(404).contentType("application/json")
                .body("type", equalTo("error")).body("error.type", equalTo("not_found_error"));
    }

    @Test
    void aWrongMethodIsA405NamingTheAllowedOne() {
        given().get("/v1/chat/completions").then().statusCode(405).contentType("application/json")
                .header("Allow", containsString("POST"))
                .body("error.code", equalTo("method_not_allowed"));
        given().get("/v1/messages").then().statusCode(405).body("error.type", equalTo("invalid_request_error"));
    }

    @Test
    void aBodyThatIsNotJsonByItsContentTypeIsA415ForBothApis() {
        given().contentType("text/plain").body(CHAT).post("/v1/chat/completions")
                .then().statusCode(415).body("error.code", equalTo("unsupported_media_type"));
        given().contentType("application/x-www-form-urlencoded").body(CHAT).post("/v1/messages")
                .then().statusCode(415).body("type", equalTo("error"));
        FakeProviders.primary.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void invalidUtf8IsRefusedNeverForwarded() {
        byte[][] invalid = {
                {(byte) 0xC0, (byte) 0xAF},                           // overlong '/'
                {(byte) 0xED, (byte) 0xA0, (byte) 0x80},              // a lone surrogate
                {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, // above U+10FFFF
        };
        for (byte[] bad : invalid) {
            byte[] head = "{\"model\":\"fast-model\",\"messages\":[{\"role\":\"user\",\"content\":\"".getBytes();
            byte[] tail = "\"}]}".getBytes();
            byte[] body = new byte[head.length + bad.length + tail.length];
            System.arraycopy(head, 0, body, 0, head.length);
            System.arraycopy(bad, 0, body, head.length, bad.length);
            System.arraycopy(tail, 0, body, head.length + bad.length, tail.length);
            given().contentType("application/json").body(body).post("/v1/chat/completions")
                    .then().statusCode(400).body("error.message", containsString("not valid UTF-8"));
            given().contentType("application/json").body(body).post("/v1/messages")
                    .then().statusCode(400).body("error.message", containsString("not valid UTF-8"));
        }
        FakeProviders.primary.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void malformedJsonSaysWhatAndWhereWithoutParserInternals() {
        given().contentType("application/json").body("{\"model\": \"fast-model\", }").post("/v1/chat/completions")
                .then().statusCode(400)
                .body("error.message", containsString("line 1, column"))
                .body("error.message", not(containsString("StreamReadFeature")))
                .body("error.message", not(containsString("Source")));
    }

    @Test
    void gatewayErrorsSayWhichAliasAndModelTheyCameFrom() {
        given().contentType("application/json")
                .body("{\"model\":\"down-model\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}")
                .post("/v1/chat/completions").then().statusCode(502)
                .header("x-moniker-alias", "down-model")
                .header("x-moniker-model", "mistral/mistral-small-latest");
    }

    @Test
    void anOversizedBodyIsA413TheClientCanReadInItsEnvelope() {
        byte[] huge = new byte[5 * 1024 * 1024];
        java.util.Arrays.fill(huge, (byte) 'a');
        given().contentType("application/json").body(huge).post("/v1/chat/completions")
                .then().statusCode(413).body("error.code", equalTo("request_too_large"));
        given().contentType("application/json").body(huge).post("/v1/messages")
                .then().statusCode(413).body("error.type", equalTo("request_too_large"));
        FakeProviders.primary.verify(0, anyRequestedFor(anyUrl()));
    }
}
