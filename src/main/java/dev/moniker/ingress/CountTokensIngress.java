package dev.moniker.ingress;

import dev.moniker.wire.Operation;

/**
 * Anthropic token counting ({@code POST /v1/messages/count_tokens}, which Claude Code calls before it sends): a
 * messages request without {@code max_tokens}, answered with {@code {"input_tokens": n}}. Not a model call, so no
 * stage runs on it (see {@code docs/api.md}); it never streams.
 */
final class CountTokensIngress extends AnthropicIngress {

    CountTokensIngress() {
        super(new Endpoint("anthropic.count_tokens", Operation.COUNT_TOKENS, Wording.ANTHROPIC, false, false));
    }
}
