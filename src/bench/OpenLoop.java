// Open-loop (fixed-rate) HTTP load generator for the benchmark; Debian has no wrk2, so this replaces `wrk2 -R`.
// Run: java -cp <vertx+netty jars> src/bench/OpenLoop.java URL BODY_FILE RATE SECONDS [CONNECTIONS]
// Requests are scheduled at fixed intervals from the start; each latency is measured from the request's *intended*
// send time to the last byte of the answer, so a stalled server is charged for the queue it causes (no coordinated
// omission). A request that cannot get a connection waits in the client's queue and that wait counts as well.
// Prints one line: "sent=N ok=N errors=N rate=R p50_ms=.. p90_ms=.. p99_ms=.. p999_ms=.. max_ms=.."
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

public class OpenLoop {
    public static void main(String[] args) throws Exception {
        URI uri = URI.create(args[0]);
        Buffer body = Buffer.buffer(Files.readAllBytes(Path.of(args[1])));
        int rate = Integer.parseInt(args[2]);
        int seconds = Integer.parseInt(args[3]);
        int connections = args.length > 4 ? Integer.parseInt(args[4]) : 64;
        int total = rate * seconds;
        long[] latencies = new long[total];
        Arrays.fill(latencies, -1);
        AtomicInteger errors = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(total);

        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setPreferNativeTransport(true));
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true)
                .setDefaultHost(uri.getHost()).setDefaultPort(uri.getPort()), new PoolOptions().setHttp1MaxSize(connections)
                .setMaxWaitQueueSize(-1));
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setURI(uri.getRawPath())
                .putHeader("content-type", "application/json").putHeader("authorization", "Bearer bench");

        // Warm-up: two seconds at the target rate, not recorded.
        runPhase(vertx, client, options, body, rate, 2 * rate, null, new AtomicInteger(), new CountDownLatch(rate));
        Thread.sleep(2200);

        long start = System.nanoTime() + 10_000_000;
        runPhase(vertx, client, options, body, rate, total, latencies, errors, done);
        long deadline = start + TimeUnit.SECONDS.toNanos(seconds + 10);
        done.await(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        double elapsed = (System.nanoTime() - start) / 1e9;

        long[] ok = Arrays.stream(latencies).filter(l -> l >= 0).sorted().toArray();
        int missing = total - ok.length - errors.get();
        System.out.printf("sent=%d ok=%d errors=%d unfinished=%d rate=%.1f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f p999_ms=%.3f max_ms=%.3f%n",
                total, ok.length, errors.get(), missing, ok.length / Math.min(elapsed, seconds + 10.0),
                pct(ok, 0.50), pct(ok, 0.90), pct(ok, 0.99), pct(ok, 0.999), ok.length == 0 ? 0 : ok[ok.length - 1] / 1e6);
        vertx.close();
        System.exit(0);
    }

    static void runPhase(Vertx vertx, HttpClient client, RequestOptions options, Buffer body, int rate, int count,
                         long[] latencies, AtomicInteger errors, CountDownLatch done) {
        long intervalNs = 1_000_000_000L / rate;
        long start = System.nanoTime() + 10_000_000;
        io.vertx.core.Context ctx = vertx.getOrCreateContext();
        // A pacing thread sleeps until each request's intended time, then hands it to the event loop; latency
        // counts from the intended time, so pacing jitter and client queueing are charged to the measurement.
        Thread pacer = new Thread(() -> {
            for (int n = 0; n < count; n++) {
                final int i = n;
                long intended = start + i * intervalNs;
                long wait;
                while ((wait = intended - System.nanoTime()) > 0) java.util.concurrent.locks.LockSupport.parkNanos(wait);
                ctx.runOnContext(v -> client.request(options)
                        .compose(req -> req.send(body))
                        .compose(resp -> resp.body().map(b -> resp.statusCode()))
                        .onComplete(ar -> {
                            if (ar.succeeded() && ar.result() == 200) {
                                if (latencies != null) latencies[i] = System.nanoTime() - intended;
                            } else {
                                errors.incrementAndGet();
                            }
                            done.countDown();
                        }));
            }
        }, "pacer");
        pacer.setDaemon(true);
        pacer.start();
    }

    static double pct(long[] sorted, double p) {
        if (sorted.length == 0) return 0;
        int idx = (int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
        return sorted[Math.max(0, idx)] / 1e6;
    }
}
