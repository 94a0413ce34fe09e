package dev.moniker.ingress;

import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import java.util.Locale;

/**
 * One line per exchange in the {@code moniker.access} category, in logfmt, when {@code moniker.access-log.enabled}
 * (off by default: a log line per request is the largest cost an idle-path gateway can add): what was asked for,
 * what served, the status, each attempt, the time to the first byte and in all, and the client key's name. Never
 * message text, never a key.
 */
final class AccessLog {

    private static final Logger LOG = Logger.getLogger("moniker.access");

    private AccessLog() {
    }

    /**
     * @param requested what the caller asked for ({@code -} when it named nothing)
     * @param served    the provider model that served or was tried last ({@code -} when none was)
     * @param attempts  the {@code x-moniker-attempts} text ({@code -} when nothing was attempted)
     * @param tokens    input/output tokens the provider reported ({@code -} when it reported none)
     */
    static void exchange(String api, String requested, String served, int status, boolean stream, String attempts,
                         String tokens, long firstByteNanos, long totalNanos, String key) {
        String ttfb = millis(firstByteNanos);
        String duration = millis(totalNanos);
        // The same fields as the line's MDC, so a JSON log (quarkus.log.console.json) carries them as members.
        String[] fields = {"api", api, "requested", requested, "served", served, "status", Integer.toString(status),
            "stream", Boolean.toString(stream), "attempts", attempts, "tokens", tokens, "ttfb_ms", ttfb,
            "duration_ms", duration, "key", key};
        for (int i = 0; i < fields.length; i += 2) {
            MDC.put(fields[i], fields[i + 1]);
        }
        try {
            LOG.infof("api=%s requested=%s served=%s status=%d stream=%b attempts=\"%s\" tokens=%s ttfb_ms=%s "
                    + "duration_ms=%s key=%s", api, requested, served, status, stream, attempts, tokens, ttfb, duration,
                    key);
        } finally {
            for (int i = 0; i < fields.length; i += 2) {
                MDC.remove(fields[i]);
            }
        }
    }

    /** The ingress API, as the {@code api} field names it. */
    static String api(IngressFormat format) {
        return format.api();
    }

    private static String millis(long nanos) {
        return nanos < 0 ? "-" : String.format(Locale.ROOT, "%.1f", nanos / 1_000_000d);
    }
}
