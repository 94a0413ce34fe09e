package dev.moniker.api;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The SDK tests against the packaged application (the jar, or the native binary where one is built). */
@QuarkusIntegrationTest
class OpenAiSdkIT extends OpenAiSdkTest {
}
