package fi.ketju.delivery;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A stock HAPI FHIR JPA server (src/test/fhir-jpa-peer: HAPI 8.8.0, R4, H2 in memory) as its own operating-system
 * process with its own classpath: HAPI publishes its JPA server at 8.8.0 and the hub uses 8.8.1, which must not
 * meet on one classpath. The peer's Maven project is built here, by the Maven that runs the build (surefire gives
 * its home and local repository), so a fresh machine needs no step of its own.
 */
final class JpaServerPeer implements AutoCloseable {

    private static final Path PROJECT = Path.of("src/test/fhir-jpa-peer").toAbsolutePath();
    private static final Duration BUILD_LIMIT = Duration.ofMinutes(10); // a fresh machine fetches HAPI's JPA stack
    private static final Duration START_LIMIT = Duration.ofMinutes(3);

    private final Process process;
    private final int port;
    private final Duration buildTime;
    private final Duration startTime;

    private JpaServerPeer(Process process, int port, Duration buildTime, Duration startTime) {
        this.process = process;
        this.port = port;
        this.buildTime = buildTime;
        this.startTime = startTime;
    }

    /** Builds the peer and starts it on port; returns once it answers GET /fhir/metadata. */
    static JpaServerPeer start(int port, Path log) throws IOException, InterruptedException {
        Instant building = Instant.now();
        build(log);
        Instant starting = Instant.now();
        String classpath = PROJECT.resolve("target/classes") + java.io.File.pathSeparator
                + Files.readString(PROJECT.resolve("target/classpath.txt")).strip();
        Process process = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx512m", "-XX:TieredStopAtLevel=1", "-cp", classpath,
                "fi.ketju.fhir.peer.JpaPeer", String.valueOf(port), String.valueOf(ProcessHandle.current().pid()))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        try {
            awaitReady(process, base(port), log);
        } catch (RuntimeException | InterruptedException notReady) {
            process.destroyForcibly();
            throw notReady;
        }
        return new JpaServerPeer(process, port, Duration.between(building, starting), Duration.between(starting, Instant.now()));
    }

    private static void build(Path log) throws IOException, InterruptedException {
        String mavenHome = System.getProperty("maven.home");
        List<String> command = new ArrayList<>(List.of(
                mavenHome == null || mavenHome.isBlank() ? "mvn" : Path.of(mavenHome, "bin", "mvn").toString(),
                "-B", "-q", "-f", PROJECT.resolve("pom.xml").toString(), "process-classes"));
        String repository = System.getProperty("ketju.test.maven-repository");
        if (repository != null && !repository.isBlank()) {
            command.add("-Dmaven.repo.local=" + repository);
        }
        Process maven = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        if (!maven.waitFor(BUILD_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
            maven.destroyForcibly();
            throw new IllegalStateException("building the JPA server peer took over " + BUILD_LIMIT + "; see " + log);
        }
        if (maven.exitValue() != 0) {
            throw new IllegalStateException("building the JPA server peer failed (" + String.join(" ", command) + "); see " + log);
        }
    }

    private static void awaitReady(Process process, String base, Path log) throws InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(START_LIMIT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the JPA server peer exited with " + process.exitValue() + "; see " + log);
            }
            try {
                HttpResponse<Void> metadata = http.send(HttpRequest.newBuilder(URI.create(base + "/metadata")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (metadata.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the JPA server peer did not answer within " + START_LIMIT + "; see " + log);
    }

    /** The FHIR base URL. */
    String base() {
        return base(port);
    }

    private static String base(int port) {
        return "http://localhost:" + port + "/fhir";
    }

    /** How long the Maven build of the peer took (its classpath fetched on a fresh machine). */
    Duration buildTime() {
        return buildTime;
    }

    /** From the process start until the server answered. */
    Duration startTime() {
        return startTime;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor();
        }
    }
}
