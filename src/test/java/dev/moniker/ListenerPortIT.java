package dev.moniker;

import dev.moniker.support.PackagedGateway;
import dev.moniker.support.ScriptedProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * An archgw file's model listener port is where the packaged gateway listens when {@code QUARKUS_HTTP_PORT} is not
 * set, as archgw did with the same file; set, the variable wins.
 */
class ListenerPortIT {

    @TempDir
    Path dir;

    @Test
    void theFilesListenerPortIsUsedUnlessQuarkusHttpPortIsSet() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        try (ScriptedProvider provider = ScriptedProvider.start(1, 3)) {
            Path config = dir.resolve("arch_config.yaml");
            Files.writeString(config, """
                    listeners:
                      egress_traffic:
                        address: 0.0.0.0
                        port: %d
                        message_format: openai
                    llm_providers:
                      - name: gpt
                        provider_interface: openai
                        model: gpt-4o-mini
                        endpoint: %s
                    """.formatted(port, provider.baseUrl().substring("http://".length())));
            ProcessBuilder fromFile = PackagedGateway.command(List.of(), List.of("-Xmx128m"), config.toString());
            fromFile.environment().remove("QUARKUS_HTTP_PORT");
            try (PackagedGateway gateway = PackagedGateway.start(fromFile, PackagedGateway.logFile("listener-port"))) {
                assertEquals(port, gateway.port(), "the file's egress_traffic port");
            }
            ProcessBuilder fromEnv = PackagedGateway.command(List.of(), List.of("-Xmx128m"), config.toString());
            try (PackagedGateway gateway = PackagedGateway.start(fromEnv, PackagedGateway.logFile("listener-port-env"))) {
                assertEquals(false, gateway.port() == port, "QUARKUS_HTTP_PORT=0 wins over the file");
            }
        }
    }
}
