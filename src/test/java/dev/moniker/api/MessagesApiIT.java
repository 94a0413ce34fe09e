package dev.moniker.api;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link MessagesApiTest} against the packaged application. */
@QuarkusIntegrationTest
class MessagesApiIT extends MessagesApiTest {
}
