package fi.ketju;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fi.ketju.identity.PersonalIdentityCode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * What the hub's tests share: a free port and a fresh data directory per test JVM (so one Spring
 * context serves every test that uses the same configuration), and a small HTTP client.
 */
public final class HubTestSupport {

    public static final int PORT = freePort();
    public static final Path DATA_DIR = tempDir();
    public static final String BASE = "http://localhost:" + PORT;
    /**
     * Port of the scripted partner, configured as partner "scripted" (FHIR, message mode), as
     * "scripted-fhir-server" (FHIR, transaction mode: a plain FHIR server) and as "scripted-kela" (X-Road SOAP).
     */
    public static final int SCRIPTED_PARTNER_PORT = freePort();
    /** A real HAPI FHIR JPA server (delivery.JpaServerPeer, started by the test that uses it), in transaction mode. */
    public static final String JPA_SERVER = "jpa-fhir-server";
    public static final int JPA_SERVER_PORT = freePort();

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private HubTestSupport() {
    }

    /**
     * For @DynamicPropertySource: the hub on PORT, its broker journal and database under DATA_DIR, the
     * scripted partners, and redelivery quick enough for tests (the backoff shape stays the same).
     */
    /** How long the test hubs' deliveries wait for a client's earlier message (ketju.delivery.order-wait). */
    public static final Duration ORDER_WAIT = Duration.ofSeconds(3);

    public static void hubProperties(DynamicPropertyRegistry registry) {
        registry.add("server.port", () -> PORT);
        registry.add("ketju.data-dir", DATA_DIR::toString);
        registry.add("ketju.partners.scripted.url", () -> "http://localhost:" + SCRIPTED_PARTNER_PORT + "/fhir");
        registry.add("ketju.partners.scripted.format", () -> "fhir");
        registry.add("ketju.partners.scripted-fhir-server.url", () -> "http://localhost:" + SCRIPTED_PARTNER_PORT + "/fhir");
        registry.add("ketju.partners.scripted-fhir-server.format", () -> "fhir");
        registry.add("ketju.partners.scripted-fhir-server.fhir-mode", () -> "transaction");
        registry.add("ketju.partners." + JPA_SERVER + ".url", () -> "http://localhost:" + JPA_SERVER_PORT + "/fhir");
        registry.add("ketju.partners." + JPA_SERVER + ".format", () -> "fhir");
        registry.add("ketju.partners." + JPA_SERVER + ".fhir-mode", () -> "transaction");
        registry.add("ketju.partners.scripted-kela.url", () -> "http://localhost:" + SCRIPTED_PARTNER_PORT);
        registry.add("ketju.partners.scripted-kela.format", () -> "kela");
        registry.add("ketju.delivery.redelivery-delay", () -> "200ms");
        registry.add("ketju.delivery.redelivery-max-delay", () -> "1s");
        registry.add("ketju.delivery.max-attempts", () -> "4");
        registry.add("ketju.delivery.circuit-breaker.open-wait", () -> "1s");
        registry.add("ketju.delivery.order-wait", () -> ORDER_WAIT.toMillis() + "ms");
        // What another instance deployed is followed within a second (5 s in production), so tests wait less for it.
        registry.add("ketju.routes-follow-interval", () -> "1s");
        registry.add("ketju.mappings-follow-interval", () -> "1s");
        // Besides the sandbox's tokens, OAuth2 access tokens from the test issuer (TestJwts).
        registry.add("spring.security.oauth2.resourceserver.jwt.public-key-location",
                () -> "file:" + TestJwts.publicKeyFile(DATA_DIR));
    }

    public static HttpResponse<String> post(String path, String token, String contentType, String body) {
        return post(PORT, path, token, contentType, body);
    }

    public static HttpResponse<String> get(String path, String token) {
        return get(PORT, path, token);
    }

    public static HttpResponse<String> post(int port, String path, String token, String contentType, String body) {
        return post(port, path, token, contentType, body, Map.of());
    }

    public static HttpResponse<String> post(String path, String token, String contentType, String body, Map<String, String> headers) {
        return post(PORT, path, token, contentType, body, headers);
    }

    public static HttpResponse<String> post(int port, String path, String token, String contentType, String body,
            Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        headers.forEach(request::header);
        return send(request.build());
    }

    public static HttpResponse<String> get(int port, String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).timeout(Duration.ofSeconds(30)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request.build());
    }

    /**
     * Posts the sample referral to the social-care door of the hub on {@code port}, under a new sender's message id
     * that starts with {@code prefix}, and answers its hub message id.
     */
    public static String acceptReferral(int port, String prefix) throws IOException {
        ObjectNode referral = (ObjectNode) JSON.readTree(sample("social-care/samples/referral.json"));
        referral.put("message_id", prefix + UUID.randomUUID());
        HttpResponse<String> accepted = post(port, "/api/v1/social-care/messages", "sandbox-social-care", "application/json",
                JSON.writeValueAsString(referral));
        assertThat(accepted.statusCode()).isEqualTo(202);
        return JSON.readTree(accepted.body()).path("messageId").asText();
    }

    /** Waits until the message is delivered to every recipient, as its sender sees it. */
    public static void awaitDelivered(int port, String messageId) {
        await().atMost(Duration.ofSeconds(20)).until(() -> JSON.readTree(get(port, "/api/v1/messages/" + messageId,
                "sandbox-social-care").body()).path("status").asText(), "DELIVERED"::equals);
    }

    public static String sample(String path) {
        try {
            return Files.readString(Path.of("mappings", path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * A valid personal identity code of the temporary and test series (individual number 900-999, never a
     * real person's), a different one for each n below 36,500.
     */
    public static String testHetu(int n) {
        String stem = String.format("%02d%02d%02d-%03d", n % 28 + 1, n / 28 % 12 + 1, n / 336 % 100, 900 + n % 100);
        for (char check : "0123456789ABCDEFHJKLMNPRSTUVWXY".toCharArray()) {
            if (PersonalIdentityCode.check(stem + check).valid()) {
                return stem + check;
            }
        }
        throw new IllegalStateException("no check character for " + stem);
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path tempDir() {
        try {
            Files.createDirectories(Path.of("target"));
            return Files.createTempDirectory(Path.of("target"), "hub-data-").toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
