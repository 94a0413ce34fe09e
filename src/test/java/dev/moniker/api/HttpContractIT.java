package dev.moniker.api;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The HTTP contract tests against the packaged application. */
@QuarkusIntegrationTest
class HttpContractIT extends HttpContractTest {
}
