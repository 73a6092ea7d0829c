package ch.tbd.kafka.backuprestore.storage.s3;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * An HTTP proxy in front of an S3-compatible server that injects the faults a real store has: 500 InternalError, 503
 * SlowDown, connections reset without an answer, slow answers, and answers cut off in the middle of their body.
 * Clients use it as their S3 endpoint (a reverse proxy), or as their HTTP proxy ({@link #forward()}: requests name their
 * target in full, as {@code s3.proxy.url} makes the SDK send them). Requests pass on unchanged (SigV4 signatures stay
 * valid, since the headers the SDK signs are relayed as they are), each over a connection of its own.
 *
 * <p>Which request gets which fault is up to a {@link FaultPlan}: none, every request, a random share from a seeded
 * generator, or any function of the request. Every request is logged with the fault it got, for assertions on what
 * the client did (how often it retried, how long it waited).
 */
public final class FaultInjectingProxy implements AutoCloseable {

    /** What happens to one request. */
    public enum Fault {
        /** Passed on and answered as the server answers. */
        NONE,
        /** Answered 500 InternalError without reaching the server. */
        INTERNAL_ERROR,
        /** Answered 503 SlowDown without reaching the server. */
        SLOW_DOWN,
        /** The connection is reset, with no answer. */
        RESET,
        /** Passed on after a delay of {@link #SLOW_MS}. */
        SLOW,
        /** Passed on; the answer is cut off halfway through its body and the connection reset. */
        TRUNCATE;

        public static final long SLOW_MS = 1_500;
    }

    /** Chooses the fault of each request. */
    @FunctionalInterface
    public interface FaultPlan extends Function<Request, Fault> {

        static FaultPlan none() {
            return request -> Fault.NONE;
        }

        static FaultPlan always(Fault fault) {
            return request -> fault;
        }

        /** Each request gets one of {@code faults} with probability {@code rate}, from a generator seeded here. */
        static FaultPlan randomly(double rate, long seed, Fault... faults) {
            Random random = new Random(seed);
            return request -> {
                synchronized (random) {
                    return random.nextDouble() < rate ? faults[random.nextInt(faults.length)] : Fault.NONE;
                }
            };
        }
    }

    /** A request as the plan sees it. */
    public record Request(String method, String path) {}

    /** A request as it was handled. */
    public record Handled(long atNanos, String method, String path, Fault fault) {}

    private static final int MAX_HEAD_BYTES = 64 * 1024;

    private final URI target;
    private final ServerSocket server;
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "fault-injecting-proxy");
        thread.setDaemon(true);
        return thread;
    });
    private final List<Handled> handled = Collections.synchronizedList(new ArrayList<>());
    private volatile FaultPlan plan = FaultPlan.none();

    private FaultInjectingProxy(URI target, ServerSocket server) {
        this.target = target;
        this.server = server;
    }

    /** A proxy on a free port of 127.0.0.1 in front of the server at {@code target} (http, host and port). */
    public static FaultInjectingProxy start(URI target) {
        return open(target);
    }

    /** A forward proxy on a free port of 127.0.0.1, for any plain-HTTP target a request names in full. */
    public static FaultInjectingProxy forward() {
        return open(null);
    }

    private static FaultInjectingProxy open(URI target) {
        try {
            FaultInjectingProxy proxy = new FaultInjectingProxy(target,
                    new ServerSocket(0, 100, InetAddress.getLoopbackAddress()));
            proxy.threads.execute(proxy::acceptLoop);
            return proxy;
        } catch (IOException e) {
            throw new IllegalStateException("cannot open the proxy's port", e);
        }
    }

    /** The endpoint to give clients instead of the server's. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    public void plan(FaultPlan plan) {
        this.plan = plan;
    }

    /** Every request handled so far, in the order they arrived. */
    public List<Handled> handled() {
        synchronized (handled) {
            return List.copyOf(handled);
        }
    }

    /** Requests that got a fault other than {@link Fault#NONE}. */
    public long faultsInjected() {
        return handled().stream().filter(h -> h.fault() != Fault.NONE).count();
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
                threads.execute(() -> serve(client));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            InputStream in = client.getInputStream();
            RequestHead head = RequestHead.read(in);
            if (head == null) {
                return;
            }
            Fault fault = plan.apply(new Request(head.method, head.path));
            handled.add(new Handled(System.nanoTime(), head.method, head.path, fault));
            switch (fault) {
                case RESET -> reset(client);
                case INTERNAL_ERROR -> answerError(client, 500, "Internal Server Error", "InternalError",
                        "We encountered an internal error. Please try again.");
                case SLOW_DOWN -> answerError(client, 503, "Slow Down", "SlowDown",
                        "Please reduce your request rate.");
                case SLOW -> {
                    sleep(Fault.SLOW_MS);
                    relay(client, head, false);
                }
                case TRUNCATE -> relay(client, head, true);
                case NONE -> relay(client, head, false);
            }
        } catch (IOException e) {
            // The client or the server went away: the connection ends, as it would with a real store.
        }
    }

    /** Passes the request on over a connection of its own and relays the answer, or half of its body. */
    private void relay(Socket client, RequestHead head, boolean truncate) throws IOException {
        OutputStream toClient = client.getOutputStream();
        if (head.expectsContinue) {
            // The SDK waits for this before it sends a body; the server gets the request without the Expect header.
            toClient.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            toClient.flush();
        }
        URI destination = head.path.startsWith("http://") ? URI.create(head.path) : target;
        if (destination == null) {
            answerError(client, 400, "Bad Request", "InvalidRequest", "a forward proxy needs an absolute URI");
            return;
        }
        try (Socket upstream = new Socket(destination.getHost(), destination.getPort() < 0 ? 80
                : destination.getPort())) {
            OutputStream toServer = upstream.getOutputStream();
            toServer.write(head.forwarded());
            head.copyBody(client.getInputStream(), toServer);
            toServer.flush();
            InputStream fromServer = upstream.getInputStream();
            if (!truncate) {
                fromServer.transferTo(toClient);
                toClient.flush();
                return;
            }
            ResponseHead response = ResponseHead.read(fromServer);
            toClient.write(response.bytes);
            byte[] body = fromServer.readAllBytes();
            toClient.write(body, 0, body.length / 2);
            toClient.flush();
            reset(client);
        }
    }

    private static void answerError(Socket client, int status, String reason, String code, String message)
            throws IOException {
        String body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code + "</Code><Message>" + message
                + "</Message><RequestId>fault-injecting-proxy</RequestId></Error>";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + status + " " + reason + "\r\nContent-Type: application/xml\r\nContent-Length: "
                + bytes.length + "\r\nConnection: close\r\n\r\n";
        OutputStream out = client.getOutputStream();
        out.write(head.getBytes(StandardCharsets.ISO_8859_1));
        out.write(bytes);
        out.flush();
    }

    /** Closes with a TCP reset rather than an orderly end, as a dropped connection looks to the client. */
    private static void reset(Socket client) throws IOException {
        client.setSoLinger(true, 0);
        client.close();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The head of a request, and how to find the end of its body. */
    private static final class RequestHead {
        final String method;
        final String path;
        final List<String> lines;
        final long contentLength;
        final boolean chunked;
        final boolean expectsContinue;

        private RequestHead(List<String> lines) {
            this.lines = lines;
            String[] requestLine = lines.get(0).split(" ");
            this.method = requestLine[0];
            this.path = requestLine.length > 1 ? requestLine[1] : "";
            long length = 0;
            boolean isChunked = false;
            boolean expect = false;
            for (String line : lines.subList(1, lines.size())) {
                String lower = line.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    length = Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    isChunked = true;
                } else if (lower.startsWith("expect:") && lower.contains("100-continue")) {
                    expect = true;
                }
            }
            this.contentLength = length;
            this.chunked = isChunked;
            this.expectsContinue = expect;
        }

        /** Null when the client closed before sending a request. */
        static RequestHead read(InputStream in) throws IOException {
            byte[] head = readHead(in);
            if (head.length == 0) {
                return null;
            }
            List<String> lines = new ArrayList<>(List.of(new String(head, StandardCharsets.ISO_8859_1)
                    .split("\r\n")));
            return new RequestHead(lines);
        }

        /** The head to send on: one request per connection, no Expect (neither is signed by SigV4). */
        byte[] forwarded() {
            StringBuilder out = new StringBuilder(lines.get(0)).append("\r\n");
            for (String line : lines.subList(1, lines.size())) {
                String lower = line.toLowerCase(Locale.ROOT);
                if (!lower.startsWith("connection:") && !lower.startsWith("expect:") && !line.isEmpty()) {
                    out.append(line).append("\r\n");
                }
            }
            out.append("Connection: close\r\n\r\n");
            return out.toString().getBytes(StandardCharsets.ISO_8859_1);
        }

        void copyBody(InputStream in, OutputStream out) throws IOException {
            if (!chunked) {
                copyExactly(in, out, contentLength);
                return;
            }
            while (true) {
                String sizeLine = readLine(in);
                out.write((sizeLine + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                int semicolon = sizeLine.indexOf(';');
                long size = Long.parseLong((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
                if (size == 0) {
                    // Trailers up to an empty line.
                    for (String trailer = readLine(in); ; trailer = readLine(in)) {
                        out.write((trailer + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                        if (trailer.isEmpty()) {
                            return;
                        }
                    }
                }
                copyExactly(in, out, size + 2);
            }
        }

        private static void copyExactly(InputStream in, OutputStream out, long length) throws IOException {
            byte[] buffer = new byte[64 * 1024];
            long left = length;
            while (left > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    throw new IOException("the request body ended early");
                }
                out.write(buffer, 0, n);
                left -= n;
            }
        }

        private static String readLine(InputStream in) throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int previous = -1;
            for (int b = in.read(); b >= 0; b = in.read()) {
                if (previous == '\r' && b == '\n') {
                    byte[] bytes = line.toByteArray();
                    return new String(bytes, 0, bytes.length - 1, StandardCharsets.ISO_8859_1);
                }
                line.write(b);
                previous = b;
            }
            throw new IOException("the stream ended inside a line");
        }
    }

    /** The status line and headers of an answer, as received. */
    private static final class ResponseHead {
        final byte[] bytes;

        private ResponseHead(byte[] bytes) {
            this.bytes = bytes;
        }

        static ResponseHead read(InputStream in) throws IOException {
            return new ResponseHead(readHead(in));
        }
    }

    /** Bytes up to and including the empty line that ends a head; empty when the stream ends first. */
    private static byte[] readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        byte[] end = {'\r', '\n', '\r', '\n'};
        int matched = 0;
        while (matched < end.length) {
            int b = in.read();
            if (b < 0) {
                if (head.size() == 0) {
                    return new byte[0];
                }
                throw new IOException("the head ended early");
            }
            if (head.size() > MAX_HEAD_BYTES) {
                throw new IOException("the head is too long");
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toByteArray();
    }
}
