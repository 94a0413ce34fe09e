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
 * not a failure of this kind: it is an answer, relayed or classified as such.) Messages name the provider entry,
 * never its URL or key.
 */
public final class UpstreamFailure extends RuntimeException {

    public enum Kind {
        /** Connection refused or reset, DNS or TLS failure, connection closed mid-answer. */
        UNAVAILABLE,
        /** No first byte (or no next byte) within the read timeout. */
        TIMEOUT
    }

    private final Kind kind;

    public UpstreamFailure(Kind kind, String message, Throwable cause) {
        super(message, cause, false, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /** Classifies a transport exception from the REST client or Vert.x. */
    public static UpstreamFailure from(Throwable error, String upstreamId) {
        if (error instanceof UpstreamFailure failure) {
            return failure;
        }
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException || t.getClass().getSimpleName().contains("Timeout")) {
                return new UpstreamFailure(Kind.TIMEOUT, "provider " + upstreamId + " did not answer in time", error);
            }
        }
        String reason = "connection failed";
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof NoRouteToHostException) {
                reason = "connection refused";
                break;
            } else if (t instanceof UnknownHostException) {
                reason = "host not found";
                break;
            } else if (t instanceof SSLException) {
                reason = "TLS handshake failed";
                break;
            } else if (t instanceof ClosedChannelException || t instanceof SocketException
                    || String.valueOf(t.getMessage()).contains("closed")) {
                reason = "connection closed";
                break;
            }
        }
        return new UpstreamFailure(Kind.UNAVAILABLE, "provider " + upstreamId + " is unreachable (" + reason + ")", error);
    }
}
