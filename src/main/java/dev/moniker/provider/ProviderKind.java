package dev.moniker.provider;

import dev.moniker.wire.WireFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * The providers Moniker knows by their model prefix ({@code openai/gpt-4o}), with their wire facts.
 *
 * <p>{@code defaultPrefix} is the path in front of the endpoint suffix ({@code /chat/completions} or
 * {@code /messages}); a {@code base_url} with a path replaces it (the archgw rule). Sources: each provider's API
 * reference, summarised in {@code docs/providers.md}.
 */
public enum ProviderKind {
    OPENAI("openai", WireFormat.OPENAI, "https://api.openai.com", "/v1", AuthStyle.BEARER),
    ANTHROPIC("anthropic", WireFormat.ANTHROPIC, "https://api.anthropic.com", "/v1", AuthStyle.X_API_KEY),
    AZURE_OPENAI("azure_openai", WireFormat.OPENAI, null, "/openai", AuthStyle.API_KEY_HEADER),
    OLLAMA("ollama", WireFormat.OPENAI, "http://localhost:11434", "/v1", AuthStyle.BEARER),
    DEEPSEEK("deepseek", WireFormat.OPENAI, "https://api.deepseek.com", "/v1", AuthStyle.BEARER),
    MISTRAL("mistral", WireFormat.OPENAI, "https://api.mistral.ai", "/v1", AuthStyle.BEARER),
    GROQ("groq", WireFormat.OPENAI, "https://api.groq.com", "/openai/v1", AuthStyle.BEARER),
    GEMINI("gemini", WireFormat.OPENAI, "https://generativelanguage.googleapis.com", "/v1beta/openai", AuthStyle.BEARER),
    TOGETHER_AI("together_ai", WireFormat.OPENAI, "https://api.together.xyz", "/v1", AuthStyle.BEARER),
    XAI("xai", WireFormat.OPENAI, "https://api.x.ai", "/v1", AuthStyle.BEARER),
    MOONSHOTAI("moonshotai", WireFormat.OPENAI, "https://api.moonshot.ai", "/v1", AuthStyle.BEARER),
    ZHIPU("zhipu", WireFormat.OPENAI, "https://open.bigmodel.cn", "/api/paas/v4", AuthStyle.BEARER),
    QWEN("qwen", WireFormat.OPENAI, null, "/v1", AuthStyle.BEARER),
    XIAOMI("xiaomi", WireFormat.OPENAI, "https://api.xiaomimimo.com", "/v1", AuthStyle.BEARER),
    DIGITALOCEAN("digitalocean", WireFormat.OPENAI, "https://inference.do-ai.run", "/v1", AuthStyle.BEARER),
    VERCEL("vercel", WireFormat.OPENAI, "https://ai-gateway.vercel.sh", "/v1", AuthStyle.BEARER),
    OPENROUTER("openrouter", WireFormat.OPENAI, "https://openrouter.ai", "/api/v1", AuthStyle.BEARER),
    EDENAI("edenai", WireFormat.OPENAI, "https://api.edenai.run", "/v3", AuthStyle.BEARER),
    /**
     * Amazon Bedrock's Converse API at {@code https://bedrock-runtime.<region>.amazonaws.com} (the {@code base_url},
     * which names the region): a Bedrock API key as a bearer token, or IAM credentials signed with SigV4.
     */
    AMAZON_BEDROCK("amazon_bedrock", WireFormat.BEDROCK, null, "", AuthStyle.BEARER),
    /** Any OpenAI-compatible endpoint declared with {@code provider_interface: openai}. */
    CUSTOM_OPENAI("openai-compatible", WireFormat.OPENAI, null, "/v1", AuthStyle.BEARER),
    /** Any Anthropic-compatible endpoint declared with {@code provider_interface: anthropic}. */
    CUSTOM_ANTHROPIC("anthropic-compatible", WireFormat.ANTHROPIC, null, "/v1", AuthStyle.X_API_KEY);

    private final String prefix;
    private final WireFormat wireFormat;
    private final String defaultBase;
    private final String defaultPrefix;
    private final AuthStyle authStyle;

    ProviderKind(String prefix, WireFormat wireFormat, String defaultBase, String defaultPrefix, AuthStyle authStyle) {
        this.prefix = prefix;
        this.wireFormat = wireFormat;
        this.defaultBase = defaultBase;
        this.defaultPrefix = defaultPrefix;
        this.authStyle = authStyle;
    }

    /** The provider known by this model prefix ({@code openai}, {@code groq}, ...), if any. */
    public static Optional<ProviderKind> byPrefix(String prefix) {
        for (ProviderKind kind : values()) {
            if (kind != CUSTOM_OPENAI && kind != CUSTOM_ANTHROPIC && kind.prefix.equals(prefix)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }

    /**
     * The kind a {@code provider_interface} (or archgw's older {@code provider}) names: {@code openai} and
     * {@code anthropic} (archgw's {@code claude}) the generic formats, which need a {@code base_url}; any other known
     * provider by its prefix ({@code groq}, {@code mistral}, {@code openrouter}, ...), with its own default URL.
     */
    public static Optional<ProviderKind> byInterface(String providerInterface) {
        return switch (providerInterface.trim().toLowerCase(Locale.ROOT)) {
            case "openai" -> Optional.of(CUSTOM_OPENAI);
            case "anthropic", "claude" -> Optional.of(CUSTOM_ANTHROPIC);
            default -> byPrefix(providerInterface.trim().toLowerCase(Locale.ROOT));
        };
    }

    /**
     * Why a {@code provider_interface} that archgw or Plano accept is not served here, if it is one of those; Moniker
     * leaves such an entry out with a warning instead of refusing the file.
     */
    public static Optional<String> notServed(String providerInterface) {
        return switch (providerInterface.trim().toLowerCase(Locale.ROOT)) {
            case "plano", "arch" -> Optional.of("Plano's local models (Arch-Router, Arch-Function) run inside Plano; "
                    + "Moniker does not serve them");
            case "chatgpt" -> Optional.of("ChatGPT subscription access signs in through Plano's own OAuth flow, "
                    + "which Moniker does not have; use openai with an API key");
            default -> Optional.empty();
        };
    }

    public String prefix() {
        return prefix;
    }

    public WireFormat wireFormat() {
        return wireFormat;
    }

    /** Speaks OpenAI's family of APIs (chat completions, and perhaps embeddings and the rest). */
    public boolean speaksOpenAi() {
        return wireFormat == WireFormat.OPENAI;
    }

    /** Scheme, host and port used when {@code base_url} is absent; empty when the provider requires one. */
    public Optional<String> defaultBase() {
        return Optional.ofNullable(defaultBase);
    }

    public String defaultPrefix() {
        return defaultPrefix;
    }

    public AuthStyle authStyle() {
        return authStyle;
    }

    /**
     * OpenAI's own API (and Azure's) takes {@code max_completion_tokens} and refuses {@code max_tokens} for its newer
     * models; other OpenAI-compatible servers know only {@code max_tokens}.
     */
    public boolean takesMaxCompletionTokens() {
        return this == OPENAI || this == AZURE_OPENAI;
    }

    /** Azure addresses a deployment in the path and needs {@code api-version}. */
    public boolean deploymentInPath() {
        return this == AZURE_OPENAI;
    }
}
