package ch.tbd.kafka.backuprestore.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A minimal forward HTTP proxy, to show that {@code s3.proxy.url} really sends the S3 traffic through a proxy.
 *
 * <p>It reads the first request of a connection to learn the target from its absolute URI ({@code PUT
 * http://host:port/path HTTP/1.1}), then relays bytes both ways until either side closes. HTTP/1.1 servers accept the
 * absolute form, and a client keeps a proxied connection to one target, so no further parsing is needed.
 */
public final class HttpProxy implements AutoCloseable {

    private static final int MAX_HEADER_BYTES = 64 * 1024;

    private final ServerSocket server;
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "http-proxy");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicLong relayedConnections = new AtomicLong();

    private HttpProxy(ServerSocket server) {
        this.server = server;
    }

    public static HttpProxy start() {
        try {
            HttpProxy proxy = new HttpProxy(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
            proxy.threads.execute(proxy::acceptLoop);
            return proxy;
        } catch (IOException e) {
            throw new IllegalStateException("cannot open the proxy's port", e);
        }
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    /** Client connections relayed to a target so far. */
    public long relayedConnections() {
        return relayedConnections.get();
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } finally {
            threads.shutdownNow();
        }
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                threads.execute(() -> relay(client));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void relay(Socket client) {
        try (client) {
            InputStream fromClient = client.getInputStream();
            byte[] head = readHead(fromClient);
            String requestLine = new String(head, StandardCharsets.ISO_8859_1).lines().findFirst().orElse("");
            String[] parts = requestLine.split(" ");
            if (parts.length != 3 || !parts[1].startsWith("http://")) {
                client.getOutputStream().write(
                        "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                                .getBytes(StandardCharsets.ISO_8859_1));
                return;
            }
            URI target = URI.create(parts[1]);
            try (Socket upstream = new Socket(target.getHost(), target.getPort() < 0 ? 80 : target.getPort())) {
                relayedConnections.incrementAndGet();
                upstream.getOutputStream().write(head);
                threads.execute(() -> copy(fromClient, upstream));
                copy(upstream.getInputStream(), client);
            }
        } catch (IOException e) {
            // The client or the target went away: the connection ends, as it would through a real proxy.
        }
    }

    private static byte[] readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < end.length) {
            int b = in.read();
            if (b < 0 || head.size() > MAX_HEADER_BYTES) {
                throw new IOException("no complete request head");
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toByteArray();
    }

    /** Copies until the source ends, then half-closes the destination so that the other side sees the end too. */
    private static void copy(InputStream from, Socket to) {
        try {
            OutputStream out = to.getOutputStream();
            from.transferTo(out);
            to.shutdownOutput();
        } catch (IOException e) {
            // One side closed.
        }
    }
}
