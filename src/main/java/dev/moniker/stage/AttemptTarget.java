package dev.moniker.stage;

/**
 * What a stage may know about the target one attempt calls, before it is called.
 *
 * @param entry                    the provider entry's id ({@code name}, else {@code provider/model})
 * @param model                    {@code provider/model} as clients and metrics see it
 * @param modelId                  the model id sent upstream
 * @param takesMaxCompletionTokens the target reads the output limit from {@code max_completion_tokens}, not
 *                                 {@code max_tokens} (OpenAI's own API)
 */
public record AttemptTarget(String entry, String model, String modelId, boolean takesMaxCompletionTokens) {
}
