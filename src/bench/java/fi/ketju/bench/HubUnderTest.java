package fi.ketju.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The hub as its own process, run as the production image runs it ({@code java -jar} on the extracted jar, with its
 * class data archive), on its embedded defaults (Artemis with its journal, H2 file database, the sandbox
 * profile), with the benchmark's recording recipient as health care and the benchmark's number of consumers (so
 * that floor (a) is measured with the hub's). Its garbage collector logs each collection,
 * from which the peak heap is read; its peak resident set size is read from /proc.
 */
final class HubUnderTest implements AutoCloseable {

    private static final Pattern HEAP_AT_GC = Pattern.compile("Pause.* (\\d+)M->\\d+M\\(\\d+M\\)");
    /** The last line of a class histogram: Total, instances, bytes. */
    private static final Pattern HISTOGRAM_TOTAL = Pattern.compile("(?m)^Total\\s+\\d+\\s+(\\d+)\\s*$");

    private static final Pattern GC_PAUSE = Pattern.compile("Pause .* ([\\d.]+)ms$");

    private static final String JAVA = ProcessHandle.current().info().command().orElse("java");
    /** The image's files, and its JVM options file among them. */
    private static final Path DOCKER = Path.of("src/main/docker");
    private static final String JVM_OPTIONS = "jvm.options";

    private final Process process;
    private final int port;
    private final Path gcLog;
    private final Duration startUp;
    /** Each thread {@link #threadsCpuMillis} counted, by thread id: its name and the CPU it was last read to have used. */
    private final Map<String, ThreadCpu> threadsCounted = new HashMap<>();

    private HubUnderTest(Process process, int port, Path gcLog, Duration startUp) {
        this.process = process;
        this.port = port;
        this.gcLog = gcLog;
        this.startUp = startUp;
    }

    /**
     * Builds the hub as the production image runs it (src/main/docker/Dockerfile): the packaged jar extracted, with its
     * class data sharing archive (class-data-archive.sh), into {@code app}, and beside it the hub's JVM options with
     * the compiler directives they name. Answers how long that took.
     */
    static Duration buildApp(Path jar, Path app) throws IOException, InterruptedException {
        long started = System.nanoTime();
        ProcessBuilder script = new ProcessBuilder("sh", DOCKER.resolve("class-data-archive.sh").toString(), jar.toString(), app.toString())
                .inheritIO();
        script.environment().put("JAVA", JAVA); // an archive made by another JVM would be ignored
        Process build = script.start();
        if (build.waitFor() != 0) {
            throw new IllegalStateException("class-data-archive.sh failed for " + jar);
        }
        for (String file : List.of(JVM_OPTIONS, "jit-directives.json")) {
            Files.copy(DOCKER.resolve(file), app.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        return Duration.ofNanos(System.nanoTime() - started);
    }

    /**
     * Starts the hub built by {@link #buildApp} as the image does: {@code java} with the hub's JVM options, in
     * {@code app}, with {@code -jar}, with its class data archive or without; the routes and mappings are the
     * repository's.
     * @param consumers the hub's consumers of each inbound queue and of each partner's delivery queue
     * @param database the hub's database ({@link BenchDatabase#hubArguments()})
     */
    static HubUnderTest start(Path app, boolean classDataArchive, Path dataDir, int port, int recipientPort, String maxHeap,
            int consumers, BenchDatabase database) throws IOException, InterruptedException {
        Files.createDirectories(dataDir);
        Path gcLog = dataDir.resolve("gc.log");
        List<String> command = new ArrayList<>(List.of(
                JAVA,
                "-Xmx" + maxHeap, "-Xlog:gc:file=" + gcLog,
                "@" + JVM_OPTIONS));
        // More options for the hub's JVM (for example another collector), space-separated, after the image's own.
        String jvmArgs = System.getProperty("bench.hub-jvm-args", "").trim();
        if (!jvmArgs.isEmpty()) {
            command.addAll(List.of(jvmArgs.split("\\s+")));
        }
        if (Boolean.getBoolean("bench.profile")) {
            // A flight recording of the whole run, for `jfr print` or JDK Mission Control.
            command.add("-XX:FlightRecorderOptions:stackdepth=256");
            command.add("-XX:StartFlightRecording=settings=profile,dumponexit=true,filename=" + dataDir.resolve("hub.jfr"));
        }
        if (classDataArchive) {
            command.add("-XX:SharedArchiveFile=" + app.resolve("ketju.jsa"));
        }
        command.addAll(List.of(
                "-jar", app.resolve("ketju.jar").toString(),
                "--server.port=" + port,
                "--ketju.data-dir=" + dataDir.toAbsolutePath(),
                "--ketju.routes-dir=" + Path.of("routes").toAbsolutePath(),
                "--ketju.mappings-dir=" + Path.of("mappings").toAbsolutePath(),
                "--ketju.routing.consumers=" + consumers,
                "--ketju.delivery.consumers=" + consumers,
                // Every partner is the benchmark's recipient, outside the hub: not the hub's own sandbox, whose
                // receiving would cost the hub's CPU (the FHIR door's summaries go to the three others).
                "--ketju.partners.health-care.url=http://localhost:" + recipientPort + "/fhir",
                "--ketju.partners.social-care.url=http://localhost:" + recipientPort + "/social-care",
                "--ketju.partners.employment.url=http://localhost:" + recipientPort + "/employment",
                "--ketju.partners.kela.url=http://localhost:" + recipientPort + "/kela"));
        command.addAll(database.hubArguments());
        long started = System.nanoTime();
        Process process = new ProcessBuilder(command).directory(app.toFile()).redirectErrorStream(true)
                .redirectOutput(dataDir.resolve("hub.log").toFile()).start();
        awaitHealthy(process, port);
        return new HubUnderTest(process, port, gcLog, Duration.ofNanos(System.nanoTime() - started));
    }

    int port() {
        return port;
    }

    /** From starting the process to its health answering 200 (the JVM's own start included). */
    Duration startUp() {
        return startUp;
    }

    /** The largest heap in use when a collection began, in MB (0 if none ran): live data and garbage. */
    long peakHeapMb() throws IOException {
        long peak = 0;
        for (String line : Files.readAllLines(gcLog)) {
            Matcher sizes = HEAP_AT_GC.matcher(line);
            if (sizes.find()) {
                peak = Math.max(peak, Long.parseLong(sizes.group(1)));
            }
        }
        return peak;
    }

    /** How many collections paused the hub, and for how long in all (ms). */
    String pauses() throws IOException {
        long count = 0;
        double total = 0;
        for (String line : Files.readAllLines(gcLog)) {
            Matcher pause = GC_PAUSE.matcher(line);
            if (pause.find()) {
                count++;
                total += Double.parseDouble(pause.group(1));
            }
        }
        return String.format(Locale.ROOT, "%d pauses, %.0f ms in all", count, total);
    }

    /**
     * The hub's live heap now, in MB: what a full collection leaves (jcmd GC.class_histogram collects first), so
     * the heap the hub needs at this moment, apart from garbage not yet collected.
     */
    long liveHeapMbNow() throws IOException, InterruptedException {
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(process.pid()), "GC.class_histogram").redirectErrorStream(true).start();
        String histogram = new String(jcmd.getInputStream().readAllBytes());
        jcmd.waitFor();
        Matcher total = HISTOGRAM_TOTAL.matcher(histogram);
        if (!total.find()) {
            throw new IllegalStateException("jcmd GC.class_histogram gave no total: " + histogram);
        }
        return Long.parseLong(total.group(1)) / (1024 * 1024);
    }

    /** The process's peak resident set size in MB (VmHWM). */
    long peakRssMb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        }
        return -1;
    }

    /**
     * The CPU time the hub's process has used so far (all its threads, user and system), in ms: the hub's cost
     * per message, apart from the load generator and the recipient that share the machine.
     */
    long cpuMillis() throws IOException {
        return ProcStat.millis(ProcStat.read(Path.of("/proc/" + process.pid() + "/stat"))
                .orElseThrow(() -> new IllegalStateException("the hub's process has ended")).ownTicks());
    }

    /**
     * The CPU time the hub's JIT compiler threads have used so far, in ms (part of {@link #cpuMillis()}): what of the
     * hub's CPU went to compiling its code rather than to the messages. The JVM may start and end compiler threads as
     * their queues grow and shrink (with C1 alone it does, here): a thread that ended keeps what it was last read to
     * have used, and one that began and ended between two readings is not counted.
     */
    long jitCpuMillis() throws IOException {
        return threadsCpuMillis("C1 CompilerThre", "C2 CompilerThre");
    }

    /**
     * The CPU time the hub's garbage collector has used so far in threads of its own, in ms (part of {@link #cpuMillis()}):
     * G1's parallel workers of the pauses, its concurrent marking and its refinement of remembered sets.
     */
    long gcCpuMillis() throws IOException {
        return threadsCpuMillis("GC Thread", "G1 ");
    }

    private long threadsCpuMillis(String... namePrefixes) throws IOException {
        threads().forEach((id, thread) -> {
            if (Arrays.stream(namePrefixes).anyMatch(thread.name()::startsWith)) {
                threadsCounted.put(id, thread);
            }
        });
        long ticks = threadsCounted.values().stream()
                .filter(thread -> Arrays.stream(namePrefixes).anyMatch(thread.name()::startsWith))
                .mapToLong(ThreadCpu::ticks).sum();
        return ProcStat.millis(ticks);
    }

    /**
     * The CPU time each kind of the hub's live threads has used so far, in ms, by its name with numbers as '#' (the
     * kernel's name: Java's, cut to 15 characters): where the CPU goes, counted rather than sampled as a flight
     * recording does. A thread that ended is not counted.
     */
    Map<String, Long> cpuMillisByThreadKind() throws IOException {
        Map<String, Long> byKind = new HashMap<>();
        threads().values().forEach(thread -> byKind.merge(thread.name().replaceAll("[0-9]+", "#"), thread.ticks(), Long::sum));
        byKind.replaceAll((kind, ticks) -> ProcStat.millis(ticks));
        return byKind;
    }

    /** The hub's live threads by id: each one's name and the CPU it has used (user and system), in clock ticks. */
    private Map<String, ThreadCpu> threads() throws IOException {
        Map<String, ThreadCpu> threads = new HashMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/" + process.pid() + "/task"))) {
            for (Path task : tasks) {
                // A thread that ended while read is left out.
                ProcStat.read(task.resolve("stat")).ifPresent(
                        thread -> threads.put(task.getFileName().toString(), new ThreadCpu(thread.name(), thread.ownTicks())));
            }
        }
        return threads;
    }

    private record ThreadCpu(String name, long ticks) {
    }

    private static void awaitHealthy(Process process, int port) throws InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health")).build();
        // Generous: on a two-core machine busy with other work the start has taken more than two minutes.
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the hub exited with " + process.exitValue() + "; see its hub.log");
            }
            try {
                if (http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // starting
            }
            Thread.sleep(50);
        }
        process.destroyForcibly();
        throw new IllegalStateException("the hub did not become healthy within 5 minutes");
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }
}
