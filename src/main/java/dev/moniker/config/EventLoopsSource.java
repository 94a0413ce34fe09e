package dev.moniker.config;

import org.eclipse.microprofile.config.spi.ConfigSource;

import java.util.Set;

/**
 * One Vert.x event loop per CPU the process may use, including one for one CPU. Quarkus' own default is one per CPU
 * (at most one per 10 MB of heap, kept here) but at least two. Every exchange keeps its caller and provider
 * connections on one loop, so on one CPU, as a Knative pod or {@code docker run --cpus=1} has, the second loop only
 * adds hand-offs between threads that cannot run at once: one loop cost 10-16 % less CPU per JSON request than two
 * ({@code docs/performance.md}, "Event loops"). {@link Runtime#availableProcessors()} follows the container's CPU
 * limit. The ordinal (200) sits below {@code application.properties}, environment variables and system properties:
 * any of them still sets {@code quarkus.vertx.event-loops-pool-size}.
 */
public final class EventLoopsSource implements ConfigSource {

    static final String EVENT_LOOPS = "quarkus.vertx.event-loops-pool-size";

    @Override
    public Set<String> getPropertyNames() {
        return Set.of(EVENT_LOOPS);
    }

    @Override
    public String getValue(String propertyName) {
        return EVENT_LOOPS.equals(propertyName) ? String.valueOf(loops(Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory())) : null;
    }

    /** One loop per CPU, at least one, and (as Quarkus has it) at most one per 10 MB of heap. */
    static int loops(int cpus, long maxHeapBytes) {
        return (int) Math.max(1, Math.min(cpus, maxHeapBytes / (10L * 1024 * 1024)));
    }

    @Override
    public String getName() {
        return "one event loop per CPU";
    }

    @Override
    public int getOrdinal() {
        return 200;
    }
}
