package dev.moniker.runtime;

import dev.moniker.config.InvalidConfigException;
import dev.moniker.config.ValidatedConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.vertx.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Hot reload: the gateway file is read again when it changes (polled every {@code moniker.config.watch-interval},
 * which also catches a Kubernetes ConfigMap's symlink swap that file-system events miss) or on {@code SIGHUP}. The
 * new file goes through the same loading and validation as at start-up; if valid, its snapshot is swapped in
 * ({@link GatewayRuntime#swap}); if not, the configuration in force stays, every problem is logged naming its key,
 * and the readiness detail and {@code moniker_config_reloads_total{result="failed"}} say so.
 *
 * <p>A change is applied once the file reads the same twice in a row, so a file caught half-written is never
 * loaded.
 */
@Startup
@ApplicationScoped
public class ConfigReloader {

    private static final Logger LOG = Logger.getLogger(ConfigReloader.class);

    /** What the last reload did; {@code problems} is empty when it succeeded or none was tried. */
    public record Status(long generation, boolean ok, List<String> problems, Optional<Instant> at) {
    }

    private final GatewayConfig config;
    private final GatewayRuntime runtime;
    private final MeterRegistry registry;
    private final Vertx vertx;
    private final AtomicReference<Status> status;
    private Long timer;
    /**
     * The content tried last (loaded, or refused: a refused file is not tried again until it changes), and the
     * content seen at the last poll (what a change must match to be applied).
     */
    private byte[] tried;
    private byte[] seen;

    ConfigReloader(GatewayConfig config, GatewayRuntime runtime, MeterRegistry registry, Vertx vertx,
                   @ConfigProperty(name = "moniker.config.watch-interval", defaultValue = "500ms") Duration interval) {
        this.config = config;
        this.runtime = runtime;
        this.registry = registry;
        this.vertx = vertx;
        this.status = new AtomicReference<>(new Status(1, true, List.of(), Optional.empty()));
        Gauge.builder("moniker.config.generation", () -> runtime.current().generation())
                .description("The configuration generation in force: 1 at start-up, one more per reload")
                .register(registry);
        Gauge.builder("moniker.config.last.reload.success", () -> status.get().ok() ? 1 : 0)
                .description("1 when the last reload succeeded (or none was tried), 0 when it was refused")
                .register(registry);
        Optional<Path> file = config.file();
        if (file.isPresent() && !interval.isZero() && !interval.isNegative()) {
            tried = read(file.get());
            seen = tried;
            timer = vertx.setPeriodic(interval.toMillis(), id -> vertx.executeBlocking(() -> {
                poll(file.get());
                return null;
            }));
        }
        file.ifPresent(path -> onHangUp());
    }

    /** What the last reload did, for readiness. */
    public Status status() {
        return status.get();
    }

    /** Reads the file again now, whether or not it changed (what {@code SIGHUP} does). Blocks: not on an event loop. */
    public synchronized Status reload(String trigger) {
        long started = System.nanoTime();
        Snapshot before = runtime.current();
        byte[] content = config.file().map(ConfigReloader::read).orElse(null);
        tried = content;
        seen = content;
        try {
            ValidatedConfig next = config.reload();
            long generation = runtime.swap(next);
            status.set(new Status(generation, true, List.of(), Optional.of(Instant.now())));
            registry.counter("moniker.config.reloads", "result", "ok").increment();
            LOG.infof("configuration reloaded (%s) in %d ms: generation %d, %d aliases over %d provider entries%s",
                    trigger, (System.nanoTime() - started) / 1_000_000, generation, next.routingTable().aliases().size(),
                    next.routingTable().upstreams().size(), changes(before, runtime.current()));
        } catch (InvalidConfigException e) {
            refused(trigger, before, e.problems());
        } catch (RuntimeException e) {
            refused(trigger, before, List.of(String.valueOf(e.getMessage())));
        }
        return status.get();
    }

    private void refused(String trigger, Snapshot inForce, List<String> problems) {
        status.set(new Status(inForce.generation(), false, List.copyOf(problems), Optional.of(Instant.now())));
        registry.counter("moniker.config.reloads", "result", "failed").increment();
        LOG.errorf("configuration reload (%s) refused, still serving generation %d:%n  %s", trigger,
                inForce.generation(), String.join("\n  ", problems));
    }

    /** One poll: a change that reads the same as at the previous poll is applied. */
    private synchronized void poll(Path file) {
        byte[] content = read(file);
        if (content == null || Arrays.equals(content, tried)) {
            seen = content;
            return;
        }
        if (Arrays.equals(content, seen)) {
            reload("file changed");
        } else {
            seen = content; // still being written, perhaps: apply it at the next poll if it stays
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            return null; // mid-swap or gone: the configuration in force stays; a reload says why if asked
        }
    }

    /** Aliases added and removed, for the log line. */
    private static String changes(Snapshot before, Snapshot after) {
        Set<String> added = new TreeSet<>(after.table().aliases().keySet());
        added.removeAll(before.table().aliases().keySet());
        Set<String> removed = new TreeSet<>(before.table().aliases().keySet());
        removed.removeAll(after.table().aliases().keySet());
        return (added.isEmpty() ? "" : "; added " + added) + (removed.isEmpty() ? "" : "; removed " + removed);
    }

    /** {@code SIGHUP} reloads, as it does for nginx and Envoy; where the platform has no such signal, nothing. */
    private void onHangUp() {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("HUP"),
                    signal -> vertx.executeBlocking(() -> reload("SIGHUP"), false));
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            LOG.debugf("SIGHUP cannot be handled here (%s); the file watch still reloads", e.getMessage());
        }
    }

    @PreDestroy
    void stop() {
        if (timer != null) {
            vertx.cancelTimer(timer);
        }
    }
}
