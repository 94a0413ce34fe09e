package dev.moniker.api;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link ClaudeAliasOpenAiClientTest} against the packaged application. */
@QuarkusIntegrationTest
class ClaudeAliasOpenAiClientIT extends ClaudeAliasOpenAiClientTest {
}
