package dev.moniker.routing;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DurationsTest {

    @Test
    void parsesMillisecondsSecondsAndMinutes() {
        assertEquals(Optional.of(Duration.ofMillis(500)), Durations.parse("500ms"));
        assertEquals(Optional.of(Duration.ofSeconds(5)), Durations.parse("5s"));
        assertEquals(Optional.of(Duration.ofMinutes(1)), Durations.parse(" 1m "));
    }

    @Test
    void refusesAnythingElse() {
        for (String bad : new String[]{"5", "0s", "1h", "-1s", "1.5s", "s", "", "5 seconds", "PT5S"}) {
            assertEquals(Optional.empty(), Durations.parse(bad), bad);
        }
    }
}
