package fi.ketju;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A partner whose answers a test scripts (for example 503, 503, 200, or whole answers with their bodies), to
 * drive the delivery route through failures the sandbox partners never produce. Answers 200 once the script is
 * used up.
 */
public final class ScriptedPartner implements AutoCloseable {

    /** A request the partner got, when it had read it whole, and the HTTP status it answered. */
    public record Request(String path, String idempotencyKey, String contentType, String body, int status, Instant at) {
    }

    public record Answer(int status, String contentType, String body) {

        /** A FHIR server's refusal (422) that quotes the identity code, as real recipients do: "No patient …". */
        public static Answer fhirRefusalQuoting(String identityCode) {
            return new Answer(422, "application/fhir+json", """
                    {"resourceType": "OperationOutcome", "issue": [{"severity": "error", "code": "not-found",
                      "diagnostics": "No patient %s", "expression": ["Patient.identifier.where(value='%s')"]}]}
                    """.formatted(identityCode, identityCode));
        }

        /** A JSON answer whose body says only whether it is an error. */
        static Answer json(int status) {
            return new Answer(status, "application/json", status < 300 ? "{}" : "{\"error\":\"scripted " + status + "\"}");
        }
    }

    private final HttpServer server;
    private final int port;
    private final Deque<Answer> script = new ArrayDeque<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile Failing failing;

    /** Requests that fail whatever the script says, until {@link #heal}. */
    private record Failing(Predicate<Request> which, int status) {
    }

    public ScriptedPartner(int port) {
        this.port = port;
        try {
            server = HttpServer.create(new InetSocketAddress("localhost", port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Request request = new Request(exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("Idempotency-Key"),
                    exchange.getRequestHeaders().getFirst("Content-Type"), body, 0, Instant.now());
            Failing failure = failing;
            Answer answer;
            if (failure != null && failure.which().test(request)) {
                answer = Answer.json(failure.status());
            } else {
                synchronized (script) {
                    answer = script.isEmpty() ? Answer.json(200) : script.poll();
                }
            }
            requests.add(new Request(request.path(), request.idempotencyKey(), request.contentType(), body, answer.status(),
                    request.at()));
            byte[] answerBody = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", answer.contentType());
            exchange.sendResponseHeaders(answer.status(), answerBody.length);
            exchange.getResponseBody().write(answerBody);
            exchange.close();
        });
        server.start();
    }

    public int port() {
        return port;
    }

    /** The next answers' statuses, in order, with JSON bodies. */
    public void answer(Integer... statuses) {
        answerWith(Stream.of(statuses).map(Answer::json).toArray(Answer[]::new));
    }

    /** The next answers, in order. */
    public void answerWith(Answer... answers) {
        synchronized (script) {
            script.clear();
            script.addAll(List.of(answers));
        }
        requests.clear();
        failing = null;
    }

    /** From now on, answers {@code status} to every request that {@code which} matches (an outage, a refusal). */
    public void failWhile(Predicate<Request> which, int status) {
        failing = new Failing(which, status);
    }

    /** Ends {@link #failWhile}: the partner answers by its script again. */
    public void heal() {
        failing = null;
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
