package dev.moniker.provider;

import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SigV4 as the gateway applies it, checked against AWS's published Signature Version 4 test suite
 * (credentials AKIDEXAMPLE, region us-east-1, service "service", 2015-08-30T12:36:00Z).
 */
class AwsSigningTest {

    private static final Clock SUITE_TIME = Clock.fixed(Instant.parse("2015-08-30T12:36:00Z"), ZoneOffset.UTC);

    private static AwsSigning suite(Optional<Secret> token) {
        return new AwsSigning("us-east-1", "service", new Secret("AKIDEXAMPLE"),
                new Secret("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"), token, SUITE_TIME);
    }

    /**
     * The suite's get-vanilla and post-vanilla requests. The SDK's signer (the maintained one) always signs
     * {@code x-amz-content-sha256} too, which the suite's requests lack, so the expected signature is computed by
     * {@link #reference}, which is itself checked against the suite's published signatures first.
     */
    @Test
    void vanillaRequestsAsTheSuiteSignsThem() throws Exception {
        assertEquals("5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31", reference("GET", false));
        assertEquals("5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b", reference("POST", false));
        for (String method : new String[] {"GET", "POST"}) {
            Map<String, String> headers = suite(Optional.empty()).sign(method,
                    URI.create("https://example.amazonaws.com/"), Map.of(), new byte[0]);
            assertEquals("20150830T123600Z", headers.get("X-Amz-Date"));
            assertEquals("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
                    + "SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=" + reference(method, true),
                    headers.get("Authorization"), method);
        }
    }

    @Test
    void theReferenceDerivesAwsPublishedSigningKey() throws Exception {
        // "Examples of how to derive a signing key for Signature Version 4" (AWS General Reference).
        assertEquals("f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d",
                HexFormat.of().formatHex(signingKey("20120215", "us-east-1", "iam")));
    }

    private static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    /** The suite's vanilla request signed step by step, as AWS's documentation writes the algorithm out. */
    private static String reference(String method, boolean contentHashHeader) throws Exception {
        String headers = "host:example.amazonaws.com\n"
                + (contentHashHeader ? "x-amz-content-sha256:" + EMPTY_SHA256 + "\n" : "")
                + "x-amz-date:20150830T123600Z\n";
        String signed = contentHashHeader ? "host;x-amz-content-sha256;x-amz-date" : "host;x-amz-date";
        String canonical = method + "\n/\n\n" + headers + "\n" + signed + "\n" + EMPTY_SHA256;
        String toSign = "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n"
                + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(UTF_8)));
        return HexFormat.of().formatHex(hmac(signingKey("20150830", "us-east-1", "service"), toSign));
    }

    private static byte[] signingKey(String date, String region, String service) throws Exception {
        byte[] key = hmac(("AWS4" + "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY").getBytes(UTF_8), date);
        key = hmac(key, region);
        key = hmac(key, service);
        return hmac(key, "aws4_request");
    }

    private static byte[] hmac(byte[] key, String data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data.getBytes(UTF_8));
    }

    @Test
    void temporaryCredentialsSendTheirTokenAndNeverShowTheKeys() {
        AwsSigning signing = suite(Optional.of(new Secret("session-token-value")));
        Map<String, String> headers = signing.sign("POST",
                URI.create("https://bedrock-runtime.us-east-1.amazonaws.com/model/us.amazon.nova-pro-v1%3A0/converse"),
                Map.of("Content-Type", "application/json"), "{}".getBytes());
        assertEquals("session-token-value", headers.get("X-Amz-Security-Token"));
        assertTrue(headers.get("Authorization").contains("SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date;x-amz-security-token"),
                headers.get("Authorization"));
        assertFalse(signing.toString().contains("AKIDEXAMPLE"));
        assertFalse(signing.toString().contains("EXAMPLEKEY"));
    }
}
