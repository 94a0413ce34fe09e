package dev.moniker.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A provider that reads a request and never answers, recording when the gateway closes the connection: it shows
 * whether a caller that goes away cancels the upstream request.
 */
public final class HangingProvider implements AutoCloseable {

    private final ServerSocket server;
    private final BlockingQueue<Long> closedAtNanos = new LinkedBlockingQueue<>();
    private final BlockingQueue<Long> acceptedAtNanos = new LinkedBlockingQueue<>();

    public HangingProvider() {
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread acceptor = new Thread(this::acceptLoop, "hanging-provider");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** Nano time at which the next request arrived, waiting up to the given seconds; null if none. */
    public Long awaitRequest(int seconds) throws InterruptedException {
        return acceptedAtNanos.poll(seconds, java.util.concurrent.TimeUnit.SECONDS);
    }

    /** Nano time at which the gateway closed the next connection, waiting up to the given seconds; null if not. */
    public Long awaitClose(int seconds) throws InterruptedException {
        return closedAtNanos.poll(seconds, java.util.concurrent.TimeUnit.SECONDS);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread reader = new Thread(() -> readUntilClosed(socket), "hanging-provider-conn");
                reader.setDaemon(true);
                reader.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void readUntilClosed(Socket socket) {
        try (socket; InputStream in = socket.getInputStream()) {
            byte[] buffer = new byte[8192];
            boolean announced = false;
            int read;
            while ((read = in.read(buffer)) >= 0) {
                if (!announced && read > 0) {
                    acceptedAtNanos.add(System.nanoTime());
                    announced = true;
                }
            }
        } catch (IOException e) {
            // a reset is a close too
        }
        closedAtNanos.add(System.nanoTime());
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
