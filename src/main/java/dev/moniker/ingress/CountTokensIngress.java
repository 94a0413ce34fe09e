package dev.moniker.ingress;

import dev.moniker.wire.Operation;

/**
 * Anthropic token counting ({@code POST /v1/messages/count_tokens}, which Claude Code calls before it sends): a
 * messages request without {@code max_tokens}, answered with {@code {"input_tokens": n}}. Not a model call, so no
 * stage runs on it (see {@code docs/api.md}); it never streams.
 */
final class CountTokensIngress extends AnthropicIngress {

    @Override
    public String api() {
        return "anthropic.count_tokens";
    }

    @Override
    public Operation operation() {
        return Operation.COUNT_TOKENS;
    }

    @Override
    public boolean carriesReplies() {
        return false;
    }

    @Override
    public boolean streams() {
        return false;
    }
}
