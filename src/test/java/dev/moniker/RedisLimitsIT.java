package dev.moniker;

import dev.moniker.support.GatewayFiles;
import dev.moniker.support.PackagedGateway;
import dev.moniker.support.RedisServer;
import dev.moniker.support.ScriptedProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two replicas of the packaged gateway share one per-key budget through a real {@code redis-server}: the requests
 * they admit together never exceed it. Redis stopped mid-test: the default {@code on_store_error: allow} admits
 * without counting, with a warning and a metric; Redis back: the budget is enforced again.
 */
class RedisLimitsIT {

    private static final String KEY = "mk-shared-0123456789abcdef";
    private static final int LIMIT = 10;

    @TempDir
    Path dir;

    @Test
    void twoReplicasEnforceOneBudgetAndAnOutageAdmitsWithoutCounting() throws Exception {
        try (RedisServer redis = RedisServer.start(PackagedGateway.logFile("redis-server"));
             ScriptedProvider provider = ScriptedProvider.start(1, 3);
             HttpClient http = HttpClient.newHttpClient()) {
            String config = GatewayFiles.fastModel(dir, provider.baseUrl(), """
                    client_keys:
                      - name: shared-team
                        key: $TEAM_KEY
                        limits:
                          requests_per_minute: %d
                    limits_store:
                      type: redis
                      url: $LIMITS_REDIS_URL
                    """.formatted(LIMIT));
            Map<String, String> env = Map.of("TEAM_KEY", KEY, "LIMITS_REDIS_URL", redis.url());
            try (PackagedGateway a = PackagedGateway.start(List.of(), List.of("-Xmx128m"), config, env,
                    PackagedGateway.logFile("redis-limits-a"));
                 PackagedGateway b = PackagedGateway.start(List.of(), List.of("-Xmx128m"), config, env,
                         PackagedGateway.logFile("redis-limits-b"))) {
                PackagedGateway.awayFromAMinuteBoundary();
                int admitted = 0;
                for (int i = 0; i < 2 * LIMIT; i++) {
                    int status = ask(http, i % 2 == 0 ? a : b);
                    assertTrue(status == 200 || status == 429, "status " + status);
                    admitted += status == 200 ? 1 : 0;
                }
                assertEquals(LIMIT, admitted, "both replicas together admitted exactly the one budget");

                redis.stop();
                for (int i = 0; i < 3; i++) {
                    assertEquals(200, ask(http, a), "on_store_error: allow admits while Redis is down");
                }
                assertTrue(a.log().contains("limits store unavailable"), a.log());
                String metrics = http.send(HttpRequest.newBuilder(URI.create(a.url("/q/metrics"))).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                assertTrue(metrics.contains("moniker_limits_store_errors_total"), "the outage is counted");

                redis.restart(); // empty: a new count starts
                PackagedGateway.awayFromAMinuteBoundary();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                int served = 0;
                int status;
                do {
                    status = ask(http, served % 2 == 0 ? a : b);
                    served++;
                    assertTrue(System.nanoTime() < deadline && served <= 4 * LIMIT,
                            "the budget is enforced again once Redis is back");
                } while (status != 429);
            }
        }
    }

    private static int ask(HttpClient http, PackagedGateway gateway) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(gateway.url("/v1/chat/completions")))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + KEY)
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\"fast-model\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
    }
}
