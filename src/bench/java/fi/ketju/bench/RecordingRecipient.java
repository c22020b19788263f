package fi.ketju.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The partners of the benchmark, in the benchmark's own process so that they cost the hub nothing and their clock is
 * the one the senders use: notes when each Idempotency-Key first arrived, counts repeats, and answers 200 at once, with
 * {@code {}} or, to Kela's X-Road path, an acknowledgement as Kela's service gives one.
 */
final class RecordingRecipient implements AutoCloseable {

    private static final byte[] OK = "{}".getBytes(StandardCharsets.UTF_8);
    /** What the hub takes from Kela as done (KelaAnswer): a SOAP body with one response element of Kela's service. */
    private static final byte[] XROAD_OK = ("<SOAP-ENV:Envelope xmlns:SOAP-ENV=\"http://schemas.xmlsoap.org/soap/envelope/\">"
            + "<SOAP-ENV:Body><kela:receiveMessageResponse xmlns:kela=\"https://ketju.fi/xroad/kela/v1\"/></SOAP-ENV:Body>"
            + "</SOAP-ENV:Envelope>").getBytes(StandardCharsets.UTF_8);

    private final HttpServer server;
    private final Map<String, Long> firstArrival = new ConcurrentHashMap<>();
    private final AtomicLong repeats = new AtomicLong();

    RecordingRecipient() {
        // The JDK server writes a response's headers and body apart: without TCP_NODELAY, Nagle's algorithm and
        // the client's delayed ACK hold every response back some 40 ms, and the benchmark would measure that.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        try {
            server = HttpServer.create(new InetSocketAddress("localhost", 0), 256);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                body.transferTo(OutputStream.nullOutputStream()); // read, so that the connection is reused
            }
            String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
            if (key != null && firstArrival.putIfAbsent(key, System.nanoTime()) != null) {
                repeats.incrementAndGet();
            }
            boolean xroad = exchange.getRequestURI().getPath().endsWith("/xroad");
            byte[] answer = xroad ? XROAD_OK : OK;
            exchange.getResponseHeaders().add("Content-Type", xroad ? "text/xml; charset=UTF-8" : "application/fhir+json");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** When the message's delivery first arrived (System.nanoTime), or null. */
    Long arrival(String idempotencyKey) {
        return firstArrival.get(idempotencyKey);
    }

    int received() {
        return firstArrival.size();
    }

    /**
     * Waits until {@code count} deliveries have arrived in all (each Idempotency-Key counted once); answers when the
     * last of them arrived (System.nanoTime).
     */
    long awaitReceived(int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (firstArrival.size() < count) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + firstArrival.size() + " of " + count + " deliveries within 10 minutes");
            }
            Thread.sleep(5);
        }
        return firstArrival.values().stream().mapToLong(Long::longValue).max().orElseThrow();
    }

    long repeats() {
        return repeats.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
