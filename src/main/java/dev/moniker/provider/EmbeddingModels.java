package dev.moniker.provider;

import java.util.Locale;

/**
 * Which model ids are embedding models without the entry saying so: the names the major providers and open-weight
 * families give them ({@code text-embedding-3-small}, {@code gemini-embedding-001}, {@code mistral-embed},
 * {@code nomic-embed-text}, {@code bge-m3}, {@code e5-large-v2}, {@code gte-base}, {@code all-minilm}). Any other
 * model is a chat model unless its entry declares {@code embeddings: true}.
 */
public final class EmbeddingModels {

    private static final String[] FAMILIES = {"bge-", "e5-", "gte-", "all-minilm", "multilingual-e5"};

    private EmbeddingModels() {
    }

    public static boolean wellKnown(String modelId) {
        if (modelId == null) {
            return false;
        }
        String id = modelId.substring(modelId.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
        if (id.contains("embed")) {
            return true;
        }
        for (String family : FAMILIES) {
            if (id.startsWith(family)) {
                return true;
            }
        }
        return false;
    }
}
