package dev.moniker.attempt;

import dev.moniker.provider.UpstreamFailure;
import dev.moniker.routing.Condition;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static dev.moniker.attempt.Fixtures.error;
import static dev.moniker.attempt.Fixtures.reply;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FailureClassifierTest {

    private final FailureClassifier classifier = new FailureClassifier();

    private Condition of(int status, String body) {
        return classifier.classify(reply(status, body)).condition();
    }

    @Test
    void quotaAndRateLimits() {
        assertEquals(Condition.QUOTA_EXCEEDED, of(429, error("requests", "rate_limit_exceeded", "Rate limit reached")));
        assertEquals(Condition.QUOTA_EXCEEDED, of(429, error("insufficient_quota", "insufficient_quota", "quota")));
        assertEquals(Condition.QUOTA_EXCEEDED, of(429, "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"slow down\"}}"));
        assertEquals(Condition.QUOTA_EXCEEDED, of(403, error("insufficient_quota", null, "You exceeded your quota")));
        assertEquals(Condition.QUOTA_EXCEEDED, of(429, "not json"));
    }

    @Test
    void timeouts() {
        assertEquals(Condition.TIMEOUT, of(504, ""));
        assertEquals(Condition.TIMEOUT, of(408, ""));
        assertEquals(Condition.TIMEOUT, classifier.classify(new AttemptTimeout(Duration.ofMillis(500))).condition());
        assertEquals(Condition.TIMEOUT, classifier.classify(
                new UpstreamFailure(UpstreamFailure.Kind.TIMEOUT, "provider x did not answer in time", null)).condition());
    }

    @Test
    void serverErrorsIncludingAnthropicOverload() {
        assertEquals(Condition.SERVER_ERROR, of(500, error("server_error", null, "oops")));
        assertEquals(Condition.SERVER_ERROR, of(503, ""));
        assertEquals(Condition.SERVER_ERROR, of(529, "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}"));
        assertEquals(Condition.SERVER_ERROR, of(302, ""));
    }

    @Test
    void unavailableWithoutHttpAnswer() {
        Failure refused = classifier.classify(
                new UpstreamFailure(UpstreamFailure.Kind.UNAVAILABLE, "provider x is unreachable (connection refused)", null));
        assertEquals(Condition.UNAVAILABLE, refused.condition());
        assertEquals(502, refused.status());
        assertEquals(Condition.UNAVAILABLE, classifier.classify(new CircuitBreakerOpenException("open")).condition());
    }

    @Test
    void contextLengthAndContentFilter() {
        assertEquals(Condition.CONTEXT_LENGTH_EXCEEDED, of(400, error("invalid_request_error", "context_length_exceeded", "too long")));
        assertEquals(Condition.CONTEXT_LENGTH_EXCEEDED, of(400, error("invalid_request_error", null,
                "This model's maximum context length is 8192 tokens")));
        assertEquals(Condition.CONTEXT_LENGTH_EXCEEDED, of(400, "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\"prompt is too long: 210000 tokens > 200000 maximum\"}}"));
        assertEquals(Condition.CONTENT_FILTER, of(400, error("invalid_request_error", "content_filter", "filtered")));
        assertEquals(Condition.CONTENT_FILTER, of(400, error("invalid_request_error", "content_policy_violation", "no")));
    }

    @Test
    void callerFaultsAreNeitherRetriedNorFallenBackFrom() {
        for (int status : new int[]{400, 401, 403, 404, 422}) {
            assertEquals(Condition.CALLER_FAULT, of(status, error("invalid_request_error", null, "bad")), "" + status);
        }
    }

    @Test
    void causeNamesStatusConditionAndProviderMessage() {
        Failure failure = classifier.classify(reply(429, error("requests", "rate_limit_exceeded", "Rate limit reached")));
        assertEquals("429 quota_exceeded (Rate limit reached)", failure.cause());
        assertTrue(failure.reply().isPresent());
    }

    @Test
    void retryAfterInSecondsOnly() {
        assertEquals(Optional.of(Duration.ofSeconds(7)), classifier.classify(reply(429, "", "7")).retryAfter());
        assertEquals(Optional.empty(), FailureClassifier.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT"));
        assertEquals(Optional.of(Duration.ofMinutes(10)), FailureClassifier.retryAfter("99999"));
        assertFalse(FailureClassifier.retryAfter("0").isPresent());
    }
}
