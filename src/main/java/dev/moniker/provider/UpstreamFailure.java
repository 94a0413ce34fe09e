package dev.moniker.provider;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * The provider gave no HTTP answer: it could not be reached, or did not answer in time. (An HTTP error status is
 * not a failure of this kind: it is an answer, relayed or classified as such.) Messages name the provider model,
 * never its URL or key.
 */
public final class UpstreamFailure extends RuntimeException {

    /** What went wrong, and the status a caller gets for it. */
    public enum Kind {
        /** Connection refused or reset, DNS or TLS failure, connection closed mid-answer. */
        UNAVAILABLE(502),
        /** No first byte (or no next byte) within the read timeout. */
        TIMEOUT(504),
        /**
         * No connection to the provider was free within {@code moniker.upstream.pool-wait-timeout}, or too many
         * requests already waited for one: the gateway's own limit, not the provider's fault.
         */
        BUSY(503);

        private final int status;

        Kind(int status) {
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    private final Kind kind;

    public UpstreamFailure(Kind kind, String message, Throwable cause) {
        super(message, cause, false, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /**
     * Classifies a failure of a provider call: a transport failure (I/O, timeout) becomes an
     * {@code UpstreamFailure}; anything else is a gateway bug and is returned unchanged, so it is reported as an
     * internal error instead of being blamed on the provider.
     */
    public static Throwable classify(Throwable error, String model) {
        if (error instanceof UpstreamFailure) {
            return error;
        }
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof ConnectException) {
                break; // netty's ConnectTimeoutException: the endpoint is unreachable, not slow to answer
            }
            if (t instanceof TimeoutException || t.getClass().getSimpleName().contains("Timeout")) {
                return new UpstreamFailure(Kind.TIMEOUT, "provider model " + model + " did not answer in time", error);
            }
        }
        String reason = null;
        for (Throwable t = error; t != null && reason == null; t = t.getCause()) {
            if (t instanceof ConnectException && t.getClass().getSimpleName().contains("Timeout")) {
                reason = "connect timed out";
            } else if (t instanceof ConnectException || t instanceof NoRouteToHostException) {
                reason = "connection refused";
            } else if (t instanceof UnknownHostException) {
                reason = "host not found";
            } else if (t instanceof SSLException) {
                reason = "TLS handshake failed";
            } else if (t instanceof ClosedChannelException || t instanceof SocketException
                    || t instanceof io.vertx.core.VertxException || t instanceof java.io.IOException
                    || t instanceof jakarta.ws.rs.ProcessingException && t.getCause() == null) {
                reason = "connection failed";
            }
        }
        return reason == null ? error
                : new UpstreamFailure(Kind.UNAVAILABLE, "provider model " + model + " is unreachable (" + reason + ")", error);
    }

    /**
     * Classifies a failure to obtain a connection: the pool's wait bound or queue bound (the gateway is busy), else
     * as {@link #classify}. A TCP connect timeout is a {@link ConnectException}, so it stays "unreachable".
     */
    public static Throwable connecting(Throwable error, String model) {
        if (error instanceof io.vertx.core.http.ConnectionPoolTooBusyException) {
            return new UpstreamFailure(Kind.BUSY, "too many requests wait for a connection to provider model "
                    + model, error);
        }
        if (error instanceof TimeoutException) {
            return new UpstreamFailure(Kind.BUSY, "no connection to provider model " + model
                    + " became free in time", error);
        }
        return classify(error, model);
    }

    /** What to tell a caller about a failed provider call: the transport failure, or an internal error. */
    public static String describe(Throwable error, String model) {
        Throwable classified = classify(error, model);
        return classified instanceof UpstreamFailure failure ? failure.getMessage() : "internal gateway error";
    }
}
