package fi.ketju;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The hub as its own operating-system process, on this test JVM's classpath, so that a test can stop it
 * (SIGTERM) or kill it the hard way (SIGKILL: no shutdown hook, no graceful stop) and start it again on the
 * same data.
 */
public final class HubProcess implements AutoCloseable {

    private final Process process;
    private final int port;

    private HubProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static HubProcess start(int port, Path dataDir, Path log, String... extraArgs) {
        List<String> command = new ArrayList<>(List.of(
                // C1 only: a test's hub starts in about two thirds of the time; its top speed matters less here.
                ProcessHandle.current().info().command().orElse("java"), "-Xmx512m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"),
                KetjuApplication.class.getName(),
                "--server.port=" + port,
                "--ketju.data-dir=" + dataDir.toAbsolutePath()));
        command.addAll(List.of(extraArgs));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            HubProcess hub = new HubProcess(process, port);
            hub.awaitReady(Duration.ofSeconds(120));
            return hub;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGTERM, as an operator stops the hub: it shuts down gracefully. Answers how long it took to exit. */
    public Duration stop() throws InterruptedException {
        Instant asked = Instant.now();
        process.destroy();
        process.waitFor();
        return Duration.between(asked, Instant.now());
    }

    /** SIGKILL: the process gets no chance to finish anything. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    private static final Pattern FHIR_DOOR_READY = Pattern.compile("\"fhirDoor\":\\{[^}]*\"state\":\"ready\"");

    private void awaitReady(Duration limit) {
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(limit);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the hub process exited with " + process.exitValue());
            }
            try {
                HttpResponse<String> health = http.send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/actuator/health")).build(), HttpResponse.BodyHandlers.ofString());
                // Healthy, and its FHIR door warm: the hub serves before its FHIR validator is (fi.ketju.fhir.FhirDoorHealth).
                if (health.statusCode() == 200 && FHIR_DOOR_READY.matcher(health.body()).find()) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep();
        }
        process.destroyForcibly();
        throw new IllegalStateException("the hub did not become healthy within " + limit);
    }

    private static void sleep() {
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            process.waitFor();
        }
    }
}
