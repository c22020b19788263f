package fi.ketju.security;

import static org.assertj.core.api.Assertions.assertThat;

import fi.ketju.HubIntegrationTest;
import fi.ketju.HubTestSupport;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The hostile and malformed inputs under src/test/resources/hostile/{door}/, replayed at the four doors by their own
 * partner, plus bodies too large to keep as files (made here). Each is refused in the family's own error format, none
 * is answered as a fault of the hub, none is accepted (so none is queued or delivered), and no answer carries an
 * internal name or what an entity would have fetched.
 *
 * <p>The Kela door answers every refusal as a SOAP 1.1 Fault with HTTP 500, as SOAP and X-Road require; there the proof
 * that the hub did not fail is the faultcode: Client (the request's fault), never Server.
 */
class HostileInputCorpusTest extends HubIntegrationTest {

    private static final Path CORPUS = Path.of("src/test/resources/hostile");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** A door: its path, its partner's token, the content type a file is sent with unless the door's list says otherwise. */
    enum Door {
        SOCIAL_CARE("social-care", "/api/v1/social-care/messages", "sandbox-social-care", "application/json"),
        EMPLOYMENT("employment", "/api/v1/employment/messages", "sandbox-employment", "application/json"),
        FHIR("fhir", "/fhir/$process-message?async=true", "sandbox-health-care", "application/fhir+json"),
        KELA("kela", "/xroad/kela", "sandbox-kela", "text/xml;charset=UTF-8");

        final String dir;
        final String path;
        final String token;
        final String contentType;

        Door(String dir, String path, String token, String contentType) {
            this.dir = dir;
            this.path = path;
            this.token = token;
            this.contentType = contentType;
        }
    }

    record Input(Door door, String name, String contentType, byte[] body) {

        @Override
        public String toString() {
            return door.dir + "/" + name;
        }
    }

    @Autowired
    JdbcClient jdbc;

    static Stream<Input> corpus() throws IOException {
        List<Input> inputs = new ArrayList<>();
        for (Door door : Door.values()) {
            Properties contentTypes = new Properties();
            Path types = CORPUS.resolve(door.dir).resolve("content-types.properties");
            if (Files.exists(types)) {
                try (InputStream in = Files.newInputStream(types)) {
                    contentTypes.load(in);
                }
            }
            try (Stream<Path> files = Files.list(CORPUS.resolve(door.dir))) {
                for (Path file : files.filter(f -> !f.getFileName().toString().endsWith(".properties")).sorted().toList()) {
                    String name = file.getFileName().toString();
                    String type = contentTypes.getProperty(name, door.contentType);
                    inputs.add(new Input(door, name, type.isEmpty() ? null : type, Files.readAllBytes(file)));
                }
            }
            // Too large to keep as files: a body over the 1 MB limit at every door, a string over the JSON limit.
            inputs.add(new Input(door, "(generated) body over the size limit", door.contentType, oversized(door)));
            if (door == Door.SOCIAL_CARE || door == Door.EMPLOYMENT) {
                inputs.add(new Input(door, "(generated) string over the length limit", door.contentType,
                        ("{\"message_type\": \"referral\", \"x\": \"" + "a".repeat(300_000) + "\"}").getBytes(StandardCharsets.UTF_8)));
            }
        }
        assertThat(inputs).hasSizeGreaterThanOrEqualTo(100);
        return inputs.stream();
    }

    private static byte[] oversized(Door door) {
        String filler = "x".repeat(1_100_000);
        String body = switch (door) {
            case SOCIAL_CARE, EMPLOYMENT -> "{\"message_type\": \"referral\", \"x\": \"" + filler + "\"}";
            case FHIR -> "{\"resourceType\": \"Bundle\", \"id\": \"" + filler + "\"}";
            case KELA -> "<?xml version=\"1.0\"?><e>" + filler + "</e>";
        };
        return body.getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void refusedInTheFamilysOwnFormatAndNothingIsAccepted(Input input) {
        long messages = acceptedMessages();

        HttpResponse<String> response = send(input);

        String what = input + " -> " + response.statusCode() + ": " + response.body();
        String contentType = response.headers().firstValue("Content-Type").orElse("");
        switch (input.door()) {
            case SOCIAL_CARE, EMPLOYMENT -> {
                assertThat(response.statusCode()).as(what).isBetween(400, 499);
                assertThat(contentType).as(what).startsWith("application/problem+json");
                assertThat(response.body()).as(what).contains("\"errors\"");
            }
            case FHIR -> {
                assertThat(response.statusCode()).as(what).isBetween(400, 499);
                assertThat(contentType).as(what).startsWith("application/fhir+");
                assertThat(response.body()).as(what).contains("OperationOutcome").contains("error");
            }
            case KELA -> {
                assertThat(response.statusCode()).as(what).isIn(415, 500);
                assertThat(contentType).as(what).startsWith("text/xml");
                assertThat(response.body()).as(what).contains("Fault>").contains("<faultcode>SOAP-ENV:Client</faultcode>");
            }
        }
        assertThat(response.body()).as(what)
                .doesNotContain("Exception", "fi.ketju.", "java.", "at org.", "com.fasterxml", "root:x:0");
        assertThat(acceptedMessages()).as(input + " must not be accepted").isEqualTo(messages);
    }

    private long acceptedMessages() {
        return jdbc.sql("select count(*) from message").query(Long.class).single();
    }

    private static HttpResponse<String> send(Input input) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(HubTestSupport.BASE + input.door().path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + input.door().token)
                .POST(HttpRequest.BodyPublishers.ofByteArray(input.body()));
        if (input.contentType() != null) {
            request.header("Content-Type", input.contentType());
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
