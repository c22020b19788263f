package fi.ketju.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fi.ketju.identity.PersonalIdentityCode;
import java.net.ServerSocket;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ch.qos.logback.classic.Level;

/**
 * The hub end to end, beside the floor its parts set on this machine. Run by {@code mvn -Pbench verify}; its
 * settings are system properties (bench.warm-up, bench.messages, bench.clients, bench.consumers, bench.rate,
 * bench.rate-seconds, bench.driver-referrals, bench.driver-connections, bench.fhir-messages, bench.heap (the hub's
 * -Xmx); bench.profile=true leaves a flight recording of the hub, hub.jfr, beside its log).
 *
 * <ol>
 *   <li>Floor (a): the embedded broker alone, the same number of messages of the same size, durable, in a warm JVM,
 *       with 2, 16 and the hub's bench.consumers consumers.
 *   <li>The hub is started as its own process on its embedded defaults with bench.consumers consumers per queue,
 *       health care being the benchmark's recording recipient. Floor (b): a request that does no work
 *       ({@code GET /actuator/info}).
 *   <li>Throughput: bench.clients senders post the sample social-care referral (each with its own message id,
 *       clients spread over a thousand persons) as fast as the hub answers, bench.messages in all; each is
 *       translated to FHIR, checked, delivered and logged as in production.
 *   <li>The independent driver (autocannon, {@link LoadDriver}): bench.driver-referrals referrals,
 *       bench.driver-connections at a time, to the recipient directly and then through the hub.
 *   <li>Latency: referrals offered at half the throughput just measured, then at bench.rate per second, each for
 *       bench.rate-seconds and timed from when it was due to be sent (so that a slow hub cannot hide its queueing)
 *       to its arrival at the recipient.
 *   <li>The FHIR door: health care's sample assessment summary posted as fast as it is answered, each validated
 *       whole as untrusted input is (after a warm-up of its own).
 * </ol>
 */
public final class HubBenchmark {

    private static final String DOOR = "/api/v1/social-care/messages";
    private static final String TOKEN = "Bearer sandbox-social-care";
    private static final String RECIPIENT = "health-care";
    private static final Pattern MESSAGE_ID = Pattern.compile("\"messageId\"\\s*:\\s*\"([0-9a-f-]{36})\"");
    private static final int PERSONS = 1000;
    private static final int SENDER_THREADS = 128;

    private final int warmUp = Integer.getInteger("bench.warm-up", 3_000);
    private final int messages = Integer.getInteger("bench.messages", 5_000);
    private final int fhirMessages = Integer.getInteger("bench.fhir-messages", 1_000);
    private final int clients = Integer.getInteger("bench.clients", 16);
    private final int rate = Integer.getInteger("bench.rate", 200);
    private final int rateSeconds = Integer.getInteger("bench.rate-seconds", 10);
    private final String maxHeap = System.getProperty("bench.heap", "2g");
    /** The hub's consumers per inbound queue and per partner's delivery queue, and floor (a)'s that it is read against. */
    private final int consumers = Integer.getInteger("bench.consumers", 16);
    private final int driverReferrals = Integer.getInteger("bench.driver-referrals", 6_000);
    private final int driverConnections = Integer.getInteger("bench.driver-connections", 32);
    private final Path driverScript = Path.of(System.getProperty("bench.driver", "target/bench-driver/driver.js"));
    private final Path hubJar = Path.of(System.getProperty("bench.hub-jar", "target/ketju-0.1.0-SNAPSHOT.jar"));
    private final ObjectMapper json = new ObjectMapper();
    /** Apache's classic client with a connection pool: of the load generators at hand, the one that takes least CPU. */
    private final CloseableHttpClient http = HttpClients.custom()
            .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                    .setMaxConnTotal(SENDER_THREADS).setMaxConnPerRoute(SENDER_THREADS).build())
            .build();
    /** Senders of the open-loop phase: enough that a request due is sent on time while others await answers. */
    private final ExecutorService openLoopSenders = Executors.newFixedThreadPool(SENDER_THREADS);
    private final ObjectNode referral;
    private final ObjectNode assessmentSummary;
    private final AtomicInteger sequence = new AtomicInteger();

    private HubBenchmark() throws Exception {
        referral = (ObjectNode) json.readTree(Path.of("mappings/social-care/samples/referral.json").toFile());
        assessmentSummary = (ObjectNode) json.readTree(Path.of("mappings/fhir/samples/assessment-summary.json").toFile());
    }

    public static void main(String[] args) throws Exception {
        // The embedded broker of floor (a) would log each message (Artemis audit) at INFO: a cost the hub does not pay.
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
        new HubBenchmark().run();
        System.exit(0); // the sender threads would keep the JVM
    }

    private void run() throws Exception {
        Path work = Files.createTempDirectory("ketju-bench");
        System.out.println("hub data, log and recordings: " + work);
        String hubJvmArgs = System.getProperty("bench.hub-jvm-args", "").trim();
        try (BenchDatabase database = BenchDatabase.of(System.getProperty("bench.db", "h2"), work)) {
            System.out.printf(Locale.ROOT, "Ketju benchmark: %d cores, %d clients, %d referrals, then %d/s for %d s; the driver "
                            + "%d referrals, %d at a time; hub -Xmx%s, %d consumers per queue, the image's JVM options "
                            + "(src/main/docker/jvm.options)%s; database: %s%n",
                    Runtime.getRuntime().availableProcessors(), clients, messages, rate, rateSeconds, driverReferrals,
                    driverConnections, maxHeap, consumers, hubJvmArgs.isEmpty() ? "" : " and " + hubJvmArgs, database.description());
            measure(work, database);
        }
    }

    private void measure(Path work, BenchDatabase database) throws Exception {
        int bodyBytes = body().length();

        LoadDriver driver = new LoadDriver(driverScript, work); // before anything is measured: it fails at once if not installed
        double floor = brokerFloor(work.resolve("broker-floor"), "x".repeat(bodyBytes));

        Path app = work.resolve("hub-app");
        Duration built = HubUnderTest.buildApp(hubJar, app);
        System.out.printf(Locale.ROOT, "hub jar extracted and its class data archive built in %.1f s%n", built.toMillis() / 1000.0);
        double withoutArchiveSeconds;
        try (RecordingRecipient recipient = new RecordingRecipient();
                HubUnderTest hub = HubUnderTest.start(app, false, work.resolve("hub-without-archive"), freePort(), recipient.port(),
                        maxHeap, consumers, database)) {
            withoutArchiveSeconds = hub.startUp().toMillis() / 1000.0;
        }

        try (RecordingRecipient recipient = new RecordingRecipient();
                HubUnderTest hub = HubUnderTest.start(app, true, work.resolve("hub"), freePort(), recipient.port(), maxHeap, consumers,
                        database)) {
            double startUpSeconds = hub.startUp().toMillis() / 1000.0;
            System.out.printf(Locale.ROOT, "hub start-up: %.1f s with its class data archive, %.1f s without (java -jar, process "
                    + "start to healthy)%n", startUpSeconds, withoutArchiveSeconds);

            // Warm-up: pools, caches and the JIT, which on two cores takes a fifth of the CPU for minutes after the start.
            closedLoop(warmUp, () -> referralRequest(hub.port()), recipient);

            Timings noWork = closedLoop(5_000, () -> new HttpGet("http://localhost:" + hub.port() + "/actuator/info"), null);
            System.out.printf(Locale.ROOT, "floor (b) HTTP, no work: %,.0f requests/s, p50 %.1f ms, p99 %.1f ms%s%n",
                    noWork.perSecond(), noWork.callP(50), noWork.callP(99), noWork.errors());

            long cpuBefore = hub.cpuMillis();
            long databaseCpuBefore = database.cpuMillis();
            long jitBefore = hub.jitCpuMillis();
            long gcBefore = hub.gcCpuMillis();
            Map<String, Long> threadsBefore = hub.cpuMillisByThreadKind();
            Timings throughput = closedLoop(messages, () -> referralRequest(hub.port()), recipient);
            double cpuPerReferral = (double) (hub.cpuMillis() - cpuBefore) / messages;
            double databaseCpuPerReferral = (double) (database.cpuMillis() - databaseCpuBefore) / messages;
            Map<String, Long> threadsAfter = hub.cpuMillisByThreadKind();
            double jitPerReferral = (double) (hub.jitCpuMillis() - jitBefore) / messages;
            double gcPerReferral = (double) (hub.gcCpuMillis() - gcBefore) / messages;
            System.out.printf(Locale.ROOT, "throughput: accepted %,.0f/s, delivered %,.0f/s (%.2f of floor a with %d consumers); "
                            + "accept to delivered p50 %.0f, p95 %.0f, p99 %.0f, max %.0f ms; accept call p50 %.1f, p99 %.1f ms%s%n",
                    throughput.acceptedPerSecond(), throughput.perSecond(), throughput.perSecond() / floor, consumers,
                    throughput.deliveryP(50), throughput.deliveryP(95), throughput.deliveryP(99), throughput.deliveryP(100),
                    throughput.callP(50), throughput.callP(99), throughput.errors());
            int cores = Runtime.getRuntime().availableProcessors();
            System.out.printf(Locale.ROOT, "hub CPU: %.1f ms per referral accepted and delivered (all threads: door, broker, "
                            + "database, translation, delivery, GC, JIT); %d cores give at most %,.0f referrals/s; of it the JIT "
                            + "compiler %.1f ms (%.0f%%), still compiling after the warm-up; the garbage collector's own threads %.1f ms "
                            + "(%.0f%%)%n",
                    cpuPerReferral, cores, cores * 1000 / cpuPerReferral, jitPerReferral, 100 * jitPerReferral / cpuPerReferral,
                    gcPerReferral, 100 * gcPerReferral / cpuPerReferral);
            if (databaseCpuPerReferral > 0) {
                System.out.printf(Locale.ROOT, "database CPU: %.1f ms per referral (PostgreSQL's processes, besides the hub's); "
                        + "hub and database together %.1f ms, at most %,.0f referrals/s on %d cores%n", databaseCpuPerReferral,
                        cpuPerReferral + databaseCpuPerReferral, cores * 1000 / (cpuPerReferral + databaseCpuPerReferral), cores);
            }
            System.out.println("hub CPU by thread, ms per referral (counted from /proc, threads alive before and after): "
                    + largestByThreadKind(threadsBefore, threadsAfter, messages));

            double driverRatio = independentDriver(driver, hub.port(), recipient);

            int sustainable = Math.max(1, (int) (throughput.perSecond() / 2));
            Timings unhurried = openLoop(hub.port(), sustainable, rateSeconds, recipient, () -> { });
            System.out.printf(Locale.ROOT, "at %d/s offered (half the throughput): delivered %,.0f/s; accept to delivered p50 %.0f, "
                            + "p95 %.0f, p99 %.0f, max %.0f ms; accept call p50 %.1f, p99 %.1f ms%s%n",
                    sustainable, unhurried.perSecond(), unhurried.deliveryP(50), unhurried.deliveryP(95), unhurried.deliveryP(99),
                    unhurried.deliveryP(100), unhurried.callP(50), unhurried.callP(99), unhurried.errors());

            long[] liveHeapMb = new long[1];
            Timings atRate = openLoop(hub.port(), rate, rateSeconds, recipient, () -> liveHeapMb[0] = hub.liveHeapMbNow());
            System.out.printf(Locale.ROOT, "at %d/s offered: delivered %,.0f/s; accept to delivered p50 %.0f, p95 %.0f, "
                            + "p99 %.0f, max %.0f ms; accept call p50 %.1f, p99 %.1f ms; live heap %d MB%s%n",
                    rate, atRate.perSecond(), atRate.deliveryP(50), atRate.deliveryP(95), atRate.deliveryP(99),
                    atRate.deliveryP(100), atRate.callP(50), atRate.callP(99), liveHeapMb[0], atRate.errors());

            // The referrals never ran the validator's code much: until the JIT has compiled it, a third of the CPU goes to the compiler.
            closedLoop(fhirMessages / 2, () -> assessmentSummaryRequest(hub.port()), null); // warm-up
            long fhirCpuBefore = hub.cpuMillis();
            long fhirDatabaseCpuBefore = database.cpuMillis();
            Map<String, Long> fhirThreadsBefore = hub.cpuMillisByThreadKind();
            long fhirJitBefore = hub.jitCpuMillis();
            long fhirGcBefore = hub.gcCpuMillis();
            Timings fhirDoor = closedLoop(fhirMessages, () -> assessmentSummaryRequest(hub.port()), null);
            double cpuPerSummary = (double) (hub.cpuMillis() - fhirCpuBefore) / fhirMessages;
            Map<String, Long> fhirThreadsAfter = hub.cpuMillisByThreadKind();
            double databaseCpuPerSummary = (double) (database.cpuMillis() - fhirDatabaseCpuBefore) / fhirMessages;
            double jitPerSummary = (double) (hub.jitCpuMillis() - fhirJitBefore) / fhirMessages;
            double gcPerSummary = (double) (hub.gcCpuMillis() - fhirGcBefore) / fhirMessages;
            System.out.printf(Locale.ROOT, "FHIR door: %,.0f assessment summaries/s accepted, each validated whole (HAPI, "
                            + "Ketju's profiles and rules); accept call p50 %.1f, p99 %.1f ms; hub CPU %.0f ms per summary "
                            + "(door and validation, and meanwhile its routing and delivery to three partners), of it the JIT "
                            + "compiler %.0f ms and the garbage collector's own threads %.0f ms%s%n",
                    fhirDoor.perSecond(), fhirDoor.callP(50), fhirDoor.callP(99), cpuPerSummary, jitPerSummary, gcPerSummary,
                    fhirDoor.errors());
            // The doors (http-nio) validate; the consumers (Camel) route each summary and deliver it to three partners.
            System.out.println("FHIR door CPU by thread, ms per summary: "
                    + largestByThreadKind(fhirThreadsBefore, fhirThreadsAfter, fhirMessages));
            if (databaseCpuPerSummary > 0) {
                System.out.printf(Locale.ROOT, "database CPU: %.1f ms per summary (PostgreSQL's processes, besides the hub's)%n",
                        databaseCpuPerSummary);
            }

            System.out.printf(Locale.ROOT, "hub process: live heap at %d/s offered %d MB (after a full collection, when the last "
                    + "referral was sent); heap in use at a collection's start at most %d MB (-Xmx%s; GC: %s), peak RSS %d MB; "
                    + "deliveries that arrived twice: %d%n",
                    rate, liveHeapMb[0], hub.peakHeapMb(), maxHeap, hub.pauses(), hub.peakRssMb(), recipient.repeats());
            System.out.printf(Locale.ROOT, "BENCH delivered_per_s=%.0f floor_per_s=%.0f ratio=%.3f driver_ratio=%.3f p99_ms=%.0f "
                            + "accept_p99_ms=%.1f fhir_per_s=%.1f startup_s=%.1f heap_mb=%d%n",
                    throughput.perSecond(), floor, throughput.perSecond() / floor, driverRatio, atRate.deliveryP(99),
                    atRate.callP(99), fhirDoor.perSecond(), startUpSeconds, liveHeapMb[0]);
        }
    }

    /**
     * Floor (a), in this JVM before the hub starts: one run as warm-up, then one with 2 consumers, one with 16 and
     * (if another) one with as many as the hub has. Answers the rate with the hub's count: the hub's is read against it.
     */
    /** The ten kinds of thread that used the most CPU between two readings, in ms per message. */
    private static String largestByThreadKind(Map<String, Long> before, Map<String, Long> after, int messages) {
        return after.entrySet().stream()
                .map(kind -> Map.entry(kind.getKey(), kind.getValue() - before.getOrDefault(kind.getKey(), 0L)))
                .filter(kind -> kind.getValue() > 0)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(10)
                .map(kind -> String.format(Locale.ROOT, "%s %.2f", kind.getKey(), (double) kind.getValue() / messages))
                .collect(Collectors.joining(", "));
    }

    private double brokerFloor(Path dataDir, String body) throws Exception {
        SortedSet<Integer> consumerCounts = new TreeSet<>(List.of(2, 16, consumers));
        Map<Integer, BrokerFloor.Result> results = new TreeMap<>();
        try (BrokerFloor broker = BrokerFloor.start(dataDir)) {
            broker.run(messages, clients, consumers, body); // warm-up: class loading, the JIT, the journal's files
            for (int count : consumerCounts) {
                results.put(count, broker.run(messages, clients, count, body));
            }
        }
        results.forEach((count, result) -> System.out.printf(Locale.ROOT, "floor (a) broker alone, %d consumers: %,.0f "
                        + "messages/s (%d messages of %d bytes, persistent, %d senders, %d transacted consumers, warm JVM); "
                        + "%.1f ms CPU per message sent and taken%n",
                count, result.messagesPerSecond(), messages, body.length(), clients, count, result.cpuMsPerMessage()));
        return results.get(consumers).messagesPerSecond();
    }

    /**
     * The independent driver (autocannon): the same referrals, {@code driverConnections} at a time, first posted to the
     * recording recipient directly (one HTTP hop, no hub), then to the hub's social-care door, the recipient being its
     * health care. Each rate is from the first post until the recipient has all of them. Answers the hub's rate as a
     * fraction of the direct one.
     */
    private double independentDriver(LoadDriver driver, int hubPort, RecordingRecipient recipient) throws Exception {
        List<String> bodies = new ArrayList<>(driverReferrals);
        for (int i = 0; i < driverReferrals; i++) {
            bodies.add(body());
        }
        int before = recipient.received();
        LoadDriver.Run direct = driver.post("http://localhost:" + recipient.port() + "/fhir", bodies, driverConnections,
                "--idempotency-key");
        double directPerSecond = direct.accepted() / ((recipient.awaitReceived(before + direct.accepted()) - direct.startedNanos()) / 1e9);
        System.out.printf(Locale.ROOT, "driver (autocannon), recipient directly: %,.0f referrals/s received (%d, %d at a time, "
                        + "one HTTP hop); the driver's own figure %,.0f accepted/s, call p99 %.0f ms%s%n",
                directPerSecond, driverReferrals, driverConnections, direct.acceptedPerSecond(), direct.callP99Ms(), direct.problems());

        before = recipient.received();
        LoadDriver.Run viaHub = driver.post("http://localhost:" + hubPort + DOOR, bodies, driverConnections,
                "--authorization=" + TOKEN);
        double hubPerSecond = viaHub.accepted() / ((recipient.awaitReceived(before + viaHub.accepted()) - viaHub.startedNanos()) / 1e9);
        System.out.printf(Locale.ROOT, "driver (autocannon), through the hub: %,.0f referrals/s delivered (first post to the "
                        + "recipient having all), %.3f of the recipient directly; the driver's own figure %,.0f accepted/s, "
                        + "call p99 %.0f ms%s%n",
                hubPerSecond, hubPerSecond / directPerSecond, viaHub.acceptedPerSecond(), viaHub.callP99Ms(), viaHub.problems());
        return hubPerSecond / directPerSecond;
    }

    /** {@code count} requests from {@code clients} senders, each sending its next as soon as its last is answered. */
    private Timings closedLoop(int count, RequestSource source, RecordingRecipient recipient) throws Exception {
        Timings timings = new Timings(count);
        AtomicInteger next = new AtomicInteger();
        ExecutorService senders = Executors.newFixedThreadPool(clients);
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            done.add(CompletableFuture.runAsync(() -> {
                for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    long due = System.nanoTime();
                    timings.answered(i, due, call(source.next()));
                }
            }, senders));
        }
        CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).join();
        senders.shutdown();
        if (recipient != null) {
            timings.awaitDelivered(recipient);
        }
        return timings;
    }

    /** Referrals offered at {@code perSecond} for {@code seconds}, whatever the hub's answers take. */
    private Timings openLoop(int port, int perSecond, int seconds, RecordingRecipient recipient, Measurement whenSent)
            throws Exception {
        int count = perSecond * seconds;
        Timings timings = new Timings(count);
        long start = System.nanoTime();
        List<CompletableFuture<Void>> answers = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long due = start + (long) (i * 1e9 / perSecond);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            int index = i;
            ClassicHttpRequest request = referralRequest(port);
            answers.add(CompletableFuture.runAsync(() -> timings.answered(index, due, call(request)), openLoopSenders));
        }
        whenSent.take();
        CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).join();
        timings.awaitDelivered(recipient);
        return timings;
    }

    /** What is measured of the hub at a moment of a phase. */
    private interface Measurement {
        void take() throws Exception;
    }

    private ClassicHttpRequest referralRequest(int port) {
        HttpPost post = new HttpPost("http://localhost:" + port + DOOR);
        post.setHeader("Authorization", TOKEN);
        post.setEntity(new StringEntity(body(), ContentType.APPLICATION_JSON));
        return post;
    }

    /** The health-care sample assessment summary (FHIR message Bundle) with a Bundle.identifier of its own. */
    private ClassicHttpRequest assessmentSummaryRequest(int port) {
        ObjectNode bundle = assessmentSummary.deepCopy();
        ((ObjectNode) bundle.path("identifier")).put("value", "urn:uuid:" + UUID.randomUUID());
        HttpPost post = new HttpPost("http://localhost:" + port + "/fhir/$process-message");
        post.setHeader("Authorization", "Bearer sandbox-health-care");
        post.setEntity(new StringEntity(bundle.toString(), ContentType.create("application/fhir+json", StandardCharsets.UTF_8)));
        return post;
    }

    /** Sends the request; answers its status and body. */
    private Answer call(ClassicHttpRequest request) {
        try {
            return http.execute(request, response -> new Answer(response.getCode(), EntityUtils.toString(response.getEntity())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Answer(int status, String body) {
    }

    /** The sample referral with a message id of its own, about one of a thousand persons. */
    private String body() {
        int n = sequence.getAndIncrement();
        ObjectNode message = referral.deepCopy();
        message.put("message_id", "BENCH-" + ProcessHandle.current().pid() + "-" + n);
        ((ObjectNode) message.path("client")).put("hetu", testIdentityCode(n % PERSONS));
        return message.toString();
    }

    /** A temporary identity code (individual number 900-999), never one that could be a real person's. */
    private static String testIdentityCode(int n) {
        String stem = String.format(Locale.ROOT, "%02d%02d%02d-%03d", n % 28 + 1, n / 28 % 12 + 1, 70 + n / 336, 900 + n % 100);
        for (char check : "0123456789ABCDEFHJKLMNPRSTUVWXY".toCharArray()) {
            if (PersonalIdentityCode.check(stem + check).valid()) {
                return stem + check;
            }
        }
        throw new IllegalStateException("no check character for " + stem);
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @FunctionalInterface
    private interface RequestSource {
        ClassicHttpRequest next();
    }

    /** When each request was due, answered and (for a referral) delivered, by System.nanoTime. */
    private static final class Timings {
        private final long[] due;
        private final long[] answered;
        private final String[] deliveryKey;
        private final boolean[] refused;
        private final AtomicInteger errors = new AtomicInteger();
        private final Map<Integer, Long> errorsByStatus = new ConcurrentHashMap<>();
        private long[] delivered;

        Timings(int count) {
            due = new long[count];
            answered = new long[count];
            deliveryKey = new String[count];
            refused = new boolean[count];
        }

        /** A refused request is counted, not timed: the benchmark goes on and says how many there were. */
        void answered(int i, long dueAt, Answer answer) {
            due[i] = dueAt;
            answered[i] = System.nanoTime();
            if (answer.status() >= 300) {
                refused[i] = true;
                errors.incrementAndGet();
                errorsByStatus.merge(answer.status(), 1L, Long::sum);
                return;
            }
            Matcher id = MESSAGE_ID.matcher(answer.body());
            deliveryKey[i] = id.find() ? id.group(1) + ":" + RECIPIENT : null;
        }

        /** "", or how many requests the hub refused, by HTTP status. */
        String errors() {
            return errors.get() == 0 ? "" : "; REFUSED " + errors.get() + " (by status " + errorsByStatus + ")";
        }

        void awaitDelivered(RecordingRecipient recipient) throws InterruptedException {
            delivered = new long[due.length];
            long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
            for (int i = 0; i < due.length; i++) {
                if (refused[i]) {
                    continue;
                }
                Long arrival;
                while ((arrival = recipient.arrival(deliveryKey[i])) == null) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("not delivered within 10 minutes: " + deliveryKey[i]);
                    }
                    Thread.sleep(5);
                }
                delivered[i] = arrival;
            }
        }

        /** Accepted requests per second from the first due to the last answer, or to the last delivery where there are deliveries. */
        double perSecond() {
            return (due.length - errors.get()) / ((last(delivered == null ? answered : delivered) - first()) / 1e9);
        }

        double acceptedPerSecond() {
            return (due.length - errors.get()) / ((last(answered) - first()) / 1e9);
        }

        double callP(double percentile) {
            return percentile(answered, percentile);
        }

        double deliveryP(double percentile) {
            return percentile(delivered, percentile);
        }

        private long first() {
            return Arrays.stream(due).min().orElseThrow();
        }

        private long last(long[] times) {
            long last = Long.MIN_VALUE;
            for (int i = 0; i < times.length; i++) {
                if (!refused[i]) {
                    last = Math.max(last, times[i]);
                }
            }
            return last;
        }

        private double percentile(long[] until, double percentile) {
            long[] nanos = new long[due.length - errors.get()];
            for (int i = 0, n = 0; i < due.length; i++) {
                if (!refused[i]) {
                    nanos[n++] = until[i] - due[i];
                }
            }
            if (nanos.length == 0) {
                return Double.NaN;
            }
            Arrays.sort(nanos);
            int index = (int) Math.ceil(percentile / 100.0 * nanos.length) - 1;
            return nanos[Math.max(0, Math.min(index, nanos.length - 1))] / 1e6;
        }
    }
}
