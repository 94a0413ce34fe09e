package dev.moniker.support;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Starts two WireMock servers on dynamic loopback ports, standing in for providers, and writes a gateway file that
 * points the seed's providers at them. The gateway under test reads that file through {@code moniker.config}.
 *
 * <p>{@code openai} and {@code anthropic} models go to {@link #primary}; {@code ollama} and the custom providers to
 * {@link #secondary}. {@code ${DEAD}} is a loopback address where nothing listens (a dead pool endpoint).
 */
public class FakeProviders implements QuarkusTestResourceLifecycleManager {

    public static WireMockServer primary;
    public static WireMockServer secondary;
    public static HangingProvider hanging;
    public static StallingProvider stalling;

    @Override
    public Map<String, String> start() {
        primary = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        secondary = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        primary.start();
        secondary.start();
        hanging = new HangingProvider();
        stalling = new StallingProvider();
        String yaml = GatewayFiles.read("gateway-test.yaml")
                .replace("${PRIMARY}", primary.baseUrl())
                .replace("${PRIMARY_HOST_PORT}", "127.0.0.1:" + primary.port())
                .replace("${SECONDARY}", secondary.baseUrl())
                .replace("${HANGING}", hanging.baseUrl())
                .replace("${STALLING}", stalling.baseUrl())
                .replace("${DEAD}", "http://127.0.0.1:" + closedPort());
        try {
            Path file = Files.createTempFile("moniker-test", ".yaml");
            Files.writeString(file, yaml);
            file.toFile().deleteOnExit();
            // A short read timeout so the timeout test does not wait ten minutes, long enough to tell a cancelled
            // upstream call (closed at once) from a timed-out one; a short stall bound for StallTest likewise.
            // No cooldown for a 429 without Retry-After: the test classes share this gateway and its WireMock
            // entries, and one class's 429s must not take an entry out of rotation for the next. The backoff is
            // tested on its own (AttemptLoopTest with a clock, QuotaCooldownIT through a packaged gateway).
            return Map.of("moniker.config", file.toString(), "moniker.upstream.read-timeout", "4s",
                    "moniker.upstream.stall-timeout", "2s", "moniker.cooldown.quota-first", "0s");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A loopback port nothing listens on: connecting to it is refused. */
    public static int closedPort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        if (primary != null) {
            primary.stop();
        }
        if (secondary != null) {
            secondary.stop();
        }
        if (stalling != null) {
            stalling.close();
        }
        if (hanging != null) {
            try {
                hanging.close();
            } catch (java.io.IOException e) {
                // closing a test server
            }
        }
    }
}
