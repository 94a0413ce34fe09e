package dev.moniker.translate;

import dev.moniker.wire.UpstreamReply;
import dev.moniker.wire.sse.StreamTransform;
import io.vertx.core.buffer.Buffer;

/**
 * How one request travels between the caller's wire format and one target's: the body sent, and the answer, error
 * or stream brought back in the caller's format. Between equal formats only {@code model} changes and answers are
 * relayed byte for byte ({@link PassThrough}); between different ones each direction is translated
 * ({@link OpenAiOverAnthropic}, {@link AnthropicOverOpenAi}). Built per request by {@link Translations}; pure, so
 * every fallback attempt can use it again.
 */
public interface Translation {

    /**
     * The body to send the target.
     *
     * @throws TranslationException the target's format cannot carry this request (a caller fault)
     */
    Buffer request(String modelId);

    /** A successful complete answer, in the caller's format. */
    UpstreamReply answer(UpstreamReply reply);

    /** A provider's error answer in the caller's envelope, keeping its status and rate-limit and retry headers. */
    UpstreamReply error(UpstreamReply reply);

    /** What the caller receives of one stream. */
    StreamTransform stream();

    /**
     * The operation the target is called for, when it is not the caller's: a Responses request translated over chat
     * completions is sent to the target's chat endpoint.
     */
    default java.util.Optional<dev.moniker.wire.Operation> sentAs() {
        return java.util.Optional.empty();
    }

    /** Whether the gateway answers this attempt itself ({@link #answerLocally}) instead of calling the target. */
    default boolean answersLocally() {
        return false;
    }

    /** The answer the gateway computes for this target, in the caller's format; only if {@link #answersLocally}. */
    default io.smallrye.mutiny.Uni<UpstreamReply> answerLocally(String modelId) {
        throw new UnsupportedOperationException();
    }
}
