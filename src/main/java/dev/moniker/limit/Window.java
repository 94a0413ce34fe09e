package dev.moniker.limit;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * A fixed counting window: a limit counts what was used since the window began (on the minute, hour, ...), and is
 * whole again when the next one begins. Fixed windows are what a shared store can count with one atomic increment;
 * their slack is documented: a burst straddling a boundary can use up to twice the limit in one window's time.
 */
public enum Window {
    SECOND(Duration.ofSeconds(1)), MINUTE(Duration.ofMinutes(1)), HOUR(Duration.ofHours(1)), DAY(Duration.ofDays(1));

    private final long millis;

    Window(Duration length) {
        this.millis = length.toMillis();
    }

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Window> byConfigName(String name) {
        for (Window window : values()) {
            if (window.configName().equals(name.trim().toLowerCase(Locale.ROOT))) {
                return Optional.of(window);
            }
        }
        return Optional.empty();
    }

    /** Which window {@code nowMillis} falls in. */
    long index(long nowMillis) {
        return Math.floorDiv(nowMillis, millis);
    }

    /** Milliseconds until the window that holds {@code nowMillis} ends. */
    long resetInMillis(long nowMillis) {
        return millis - Math.floorMod(nowMillis, millis);
    }

    long millis() {
        return millis;
    }
}
