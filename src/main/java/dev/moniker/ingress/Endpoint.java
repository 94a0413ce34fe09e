package dev.moniker.ingress;

import dev.moniker.wire.Operation;

/**
 * One endpoint of a caller's API, as its {@link IngressFormat} declares it.
 *
 * @param api            its name in access logs ({@code openai.embeddings})
 * @param operation      what it asks a model to do
 * @param wording        how its refusals are worded
 * @param carriesReplies an answer can be text the gateway writes itself ({@link IngressFormat#carriesReplies})
 * @param streams        it streams at all ({@link IngressFormat#streams})
 */
record Endpoint(String api, Operation operation, Wording wording, boolean carriesReplies, boolean streams) {
}
