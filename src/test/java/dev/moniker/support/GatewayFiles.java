package dev.moniker.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reads test gateway files from the test classpath. */
public final class GatewayFiles {
    private GatewayFiles() {
    }

    /**
     * Writes {@code dir/moniker.yaml}: one OpenAI-format entry at the scripted provider ({@code openai/gpt-4o-mini}
     * behind {@code fast-model}), then {@code more} (top-level sections such as {@code client_keys}); returns its
     * path, for the packaged gateway.
     */
    public static String fastModel(java.nio.file.Path dir, String providerBaseUrl, String more) {
        java.nio.file.Path file = dir.resolve("moniker.yaml");
        try {
            java.nio.file.Files.writeString(file, """
                    llm_providers:
                      - model: openai/gpt-4o-mini
                        access_key: sk-provider-key
                        base_url: %s/v1
                    model_aliases:
                      fast-model:
                        target: gpt-4o-mini
                    """.formatted(providerBaseUrl) + more.stripIndent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file.toString();
    }

    public static String read(String resource) {
        try (InputStream in = GatewayFiles.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("missing test resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
