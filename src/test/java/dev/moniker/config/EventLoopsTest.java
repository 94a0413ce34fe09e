package dev.moniker.config;

import dev.moniker.support.FakeProviders;
import io.netty.util.concurrent.MultithreadEventExecutorGroup;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.vertx.core.Vertx;
import io.vertx.core.impl.VertxInternal;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.ConfigValue;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The running gateway has one event loop per CPU (Quarkus alone would start two on one CPU), and the source stays
 * below every place an operator sets the property.
 */
@QuarkusTest
@QuarkusTestResource(FakeProviders.class)
class EventLoopsTest {

    @Inject
    Vertx vertx;

    @Test
    void oneEventLoopPerCpu() {
        // Quarkus alone gives two loops to one CPU and one per CPU above that: on this machine's CPUs the count
        // may be the same either way, so the test also asks where the setting came from.
        ConfigValue setting = ConfigProvider.getConfig().getConfigValue(EventLoopsSource.EVENT_LOOPS);
        assertEquals(new EventLoopsSource().getName(), setting.getSourceName());
        int cpus = Runtime.getRuntime().availableProcessors();
        assertEquals(String.valueOf(EventLoopsSource.loops(cpus, Runtime.getRuntime().maxMemory())), setting.getValue());
        int loops = ((MultithreadEventExecutorGroup) ((VertxInternal) vertx).getEventLoopGroup()).executorCount();
        assertEquals(Integer.parseInt(setting.getValue()), loops);
    }

    @Test
    void anOperatorsSettingWins() {
        // application.properties has ordinal 250, the environment 300, system properties 400
        for (int ordinal : new int[]{250, 300, 400}) {
            SmallRyeConfig config = new SmallRyeConfigBuilder().withSources(new EventLoopsSource(),
                    new PropertiesConfigSource(Map.of(EventLoopsSource.EVENT_LOOPS, "3"), "operator", ordinal)).build();
            assertEquals(3, config.getValue(EventLoopsSource.EVENT_LOOPS, Integer.class));
        }
        SmallRyeConfig alone = new SmallRyeConfigBuilder().withSources(new EventLoopsSource()).build();
        assertEquals(EventLoopsSource.loops(Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory()),
                alone.getValue(EventLoopsSource.EVENT_LOOPS, Integer.class));
        assertNull(new EventLoopsSource().getValue("quarkus.http.port"));
    }

    @Test
    void oneLoopPerCpuAtLeastOneAndAtMostOnePerTenMegabytesOfHeap() {
        long mb = 1024 * 1024;
        assertEquals(1, EventLoopsSource.loops(1, 128 * mb)); // Quarkus: 2
        assertEquals(1, EventLoopsSource.loops(0, 128 * mb));
        assertEquals(8, EventLoopsSource.loops(8, 128 * mb));
        assertEquals(12, EventLoopsSource.loops(64, 128 * mb)); // a big node, a small heap: Quarkus' cap
        assertEquals(1, EventLoopsSource.loops(4, 5 * mb));
    }
}
