package fi.ketju.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.ObjectMapper;
import fi.ketju.HubTestSupport;
import fi.ketju.message.DeliveryFailure;
import fi.ketju.security.KetjuPrincipal;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The audit store on one database (AuditStoreH2Test, AuditStorePostgreSqlTest): the schema by Flyway, the
 * chain and its verification, tampering of each kind detected, search by each filter, retention. Only the audit
 * components run (no broker, no web), with a clean trail for each test.
 */
abstract class AuditStoreContract {

    private static final String HETU = "010181-900C";
    private static final String OTHER_HETU = "131052-9085";
    protected static ConfigurableApplicationContext context;

    private JdbcClient jdbc;
    private MessageLog log;
    private Subjects subjects;
    private AuditChainer chainer;
    private AuditVerifier verifier;
    private AuditSearch search;
    private AuditRetention retention;
    private Path archiveDir;

    /** The database's JDBC URL, user and password, as spring.datasource.* properties. */
    protected static void start(String... datasource) {
        context = AuditStore.start(HubTestSupport.DATA_DIR.resolve("audit-archive-" + UUID.randomUUID()), datasource);
    }

    @AfterAll
    static void stop() {
        if (context != null) {
            context.close();
        }
    }

    @BeforeEach
    void cleanTrail() {
        jdbc = context.getBean(JdbcClient.class);
        for (String table : List.of("audit_event", "audit_checkpoint", "message_event", "message_body", "delivery_failure", "delivery",
                "message")) {
            jdbc.sql("delete from " + table).update();
        }
        log = context.getBean(MessageLog.class);
        subjects = context.getBean(Subjects.class);
        chainer = hubInstanceChainer(Duration.ofSeconds(30));
        verifier = context.getBean(AuditVerifier.class);
        search = context.getBean(AuditSearch.class);
        archiveDir = context.getBean(AuditSettings.class).retention().archiveDir();
        retention = hubInstanceRetention();
    }

    /** A chainer as another hub instance on the same database has it: its own, with its own locks. */
    private static AuditChainer hubInstanceChainer(Duration lockWait) {
        return new AuditChainer(context.getBean(JdbcClient.class), context.getBean(JdbcTemplate.class),
                context.getBean(PlatformTransactionManager.class), context.getBean(AuditCheckpoints.class), locks(lockWait));
    }

    private static AuditRetention hubInstanceRetention() {
        return new AuditRetention(context.getBean(JdbcClient.class), context.getBean(PlatformTransactionManager.class),
                locks(Duration.ofSeconds(30)), context.getBean(AuditCheckpoints.class), context.getBean(AuditTrail.class),
                context.getBean(AuditSettings.class), context.getBean(ObjectMapper.class), context.getBean(FailureDetails.class));
    }

    private static SingletonLocks locks(Duration lockWait) {
        AuditSettings hub = context.getBean(AuditSettings.class);
        return new SingletonLocks(context.getBean(JdbcTemplate.class), new AuditSettings(hub.encryptionKey(), hub.encryptionKeyId(),
                hub.previousKeys(), hub.sealKey(), hub.sealKeyId(), lockWait, hub.retention()));
    }

    @Test
    void anUntouchedChainVerifiesAndEachEventCarriesTheHashOfTheOneBefore() {
        events(12);
        chainer.seal();

        AuditVerifier.Verification verification = verifier.verify();

        assertThat(verification.intact()).isTrue();
        assertThat(verification.eventsChecked()).isEqualTo(12);
        assertThat(verification.sealedUpTo()).isEqualTo(12);
        List<TrailEvent> chain = jdbc.sql("select * from audit_event order by id").query(TrailEvent::read).list();
        assertThat(chain.get(0).prevHash()).isEqualTo(TrailEvent.GENESIS);
        for (int i = 1; i < chain.size(); i++) {
            assertThat(chain.get(i).prevHash()).isEqualTo(chain.get(i - 1).hash());
        }
        assertThat(jdbc.sql("select count(*) from message_event").query(Integer.class).single()).as("outbox emptied").isZero();
    }

    @Test
    void anEditedEventIsDetectedAsTheFirstBreak() {
        events(10);
        chainer.seal();

        jdbc.sql("update audit_event set recipient = 'someone-else' where id = 4").update();

        assertBrokenAt(4, "changed");
    }

    @Test
    void aDeletedEventIsDetected() {
        events(10);
        chainer.seal();

        jdbc.sql("delete from audit_event where id = 6").update();

        assertBrokenAt(6, "missing");
    }

    @Test
    void anEventRewrittenWithAFreshHashBreaksTheNextLink() {
        events(10);
        chainer.seal();
        TrailEvent third = jdbc.sql("select * from audit_event where id = 3").query(TrailEvent::read).single();
        TrailEvent forged = new TrailEvent(3, third.occurredAt(), third.type(), third.outcome(), third.messageId(), third.chainId(),
                third.messageType(), third.partner(), "someone-else", third.subjectKey(), third.subjectEnc(), third.subjectKeyId(),
                third.requester(), third.requesterUser(), third.purpose(), third.legalBasis(), third.dataCategories(),
                third.dataIds(), third.detail(), third.prevHash(), null);

        jdbc.sql("update audit_event set recipient = 'someone-else', hash = :hash where id = 3")
                .param("hash", forged.chained(3, third.prevHash()).hash()).update();

        assertBrokenAt(4, "prev_hash");
    }

    @Test
    void deletingTheTailAfterACheckpointIsDetected() {
        events(10);
        chainer.seal();

        jdbc.sql("delete from audit_event where id > 7").update();

        assertBrokenAt(8, "missing");
    }

    @Test
    void aForgedCheckpointIsDetected() {
        events(5);
        chainer.seal();

        jdbc.sql("update audit_checkpoint set last_event_id = 3").update();

        AuditVerifier.Verification verification = verifier.verify();
        assertThat(verification.intact()).isFalse();
        assertThat(verification.firstBroken().kind()).isEqualTo("checkpoint");
    }

    @Test
    void theChainGoesOnAcrossBatchesAndSeals() {
        events(1200); // more than two chainer batches
        chainer.seal();
        events(3);
        chainer.seal();

        assertThat(verifier.verify().intact()).isTrue();
        assertThat(verifier.verify().eventsChecked()).isEqualTo(1203);
        assertThat(jdbc.sql("select count(*) from audit_checkpoint").query(Integer.class).single()).isEqualTo(2);
    }

    @Test
    void searchesByEachFilterNewestFirstPageByPage() {
        UUID referral = message("referral", "chain-a", "social-care", HETU);
        UUID status = message("benefit-status", "chain-b", "kela", OTHER_HETU);
        Instant early = Instant.now().minus(1, ChronoUnit.HOURS);
        log.append(MessageLog.Event.of(referral, null, MessageEvent.RECEIVED, "from social-care", early));
        log.append(MessageLog.Event.of(referral, "health-care", MessageEvent.TRANSLATED, "translated", Instant.now())
                .basis("section 4 of Act 703/2023", List.of("referral", "functioning")));
        log.append(MessageLog.Event.of(status, null, MessageEvent.RECEIVED, "from kela", Instant.now()));
        log.append(MessageLog.Event.of(status, "employment", MessageEvent.DELIVERED, "HTTP 200", Instant.now()));
        chainer.chainPending();

        assertThat(ids(Map.of("person", HETU))).containsExactly(2L, 1L);
        assertThat(ids(Map.of("chainId", "chain-b"))).containsExactly(4L, 3L);
        assertThat(ids(Map.of("messageId", referral.toString()))).containsExactly(2L, 1L);
        assertThat(ids(Map.of("partner", "kela"))).containsExactly(4L, 3L);
        assertThat(ids(Map.of("recipient", "health-care"))).containsExactly(2L);
        assertThat(ids(Map.of("messageType", "benefit-status"))).containsExactly(4L, 3L);
        assertThat(ids(Map.of("eventType", "RECEIVED"))).containsExactly(3L, 1L);
        assertThat(ids(Map.of("to", early.plusSeconds(1).toString()))).containsExactly(1L);
        assertThat(ids(Map.of("from", early.plusSeconds(1).toString()))).containsExactly(4L, 3L, 2L);
        assertThat(ids(Map.of("person", HETU, "eventType", "TRANSLATED"))).containsExactly(2L);
        assertThat(ids(Map.of("limit", "3"))).containsExactly(4L, 3L, 2L);
        assertThat(ids(Map.of("limit", "3", "before", "2"))).containsExactly(1L);

        AuditRecord translated = search.view(search.search(filter(Map.of("eventType", "TRANSLATED"))).get(0));
        assertThat(translated.person()).isEqualTo(HETU);
        assertThat(translated.legalBasis()).isEqualTo("section 4 of Act 703/2023");
        assertThat(translated.dataCategories()).containsExactly("referral", "functioning");
        assertThat(translated.dataIds()).contains(referral.toString());
        assertThat(translated.purpose()).contains("referral");
        assertThat(translated.requester()).isEqualTo("social-care");
    }

    @Test
    void aPersonsEventsAreFoundThroughTheirMessagesAndWithoutOneByThePersonAlone() {
        UUID referral = message("referral", "chain-a", "social-care", HETU);
        UUID status = message("benefit-status", "chain-b", "kela", OTHER_HETU);
        KetjuPrincipal auditor = new KetjuPrincipal("auditor", KetjuPrincipal.Role.AUDITOR, null);
        AuditTrail trail = context.getBean(AuditTrail.class);
        log.append(MessageLog.Event.of(referral, null, MessageEvent.RECEIVED, "from social-care", Instant.now()));
        trail.recordAuditorAction(auditor, MessageEvent.AUDIT_SEARCH, "person=(the data subject)", HETU, null);
        // An event of the referral that is about someone else than the referral's client.
        log.append(MessageLog.Event.of(referral, null, MessageEvent.AUDIT_VIEW, "viewed", Instant.now()).about(subjects.ofHetu(OTHER_HETU)));
        log.append(MessageLog.Event.of(status, "employment", MessageEvent.DELIVERED, "HTTP 200", Instant.now()));
        trail.recordAuditorAction(auditor, MessageEvent.AUDIT_SEARCH, "person=(the data subject)", OTHER_HETU, null);
        chainer.chainPending();

        assertThat(ids(Map.of("person", HETU))).containsExactly(2L, 1L);
        assertThat(ids(Map.of("person", OTHER_HETU))).containsExactly(5L, 4L, 3L);
        assertThat(ids(Map.of("person", OTHER_HETU, "limit", "2"))).containsExactly(5L, 4L);
        assertThat(ids(Map.of("person", OTHER_HETU, "before", "5"))).containsExactly(4L, 3L);
        assertThat(ids(Map.of("person", HETU, "before", "2"))).containsExactly(1L);
        assertThat(ids(Map.of("person", OTHER_HETU, "eventType", "AUDIT_SEARCH"))).containsExactly(5L);
        assertThat(ids(Map.of("person", OTHER_HETU, "messageId", referral.toString()))).containsExactly(3L);
        assertThat(ids(Map.of("person", HETU, "messageId", status.toString()))).isEmpty();
        assertThat(ids(Map.of("person", OTHER_HETU, "from", Instant.now().minus(1, ChronoUnit.HOURS).toString()))).containsExactly(5L, 4L, 3L);
        assertThat(ids(Map.of("person", OTHER_HETU, "to", Instant.now().minus(1, ChronoUnit.HOURS).toString()))).isEmpty();
        // Only the events no message names their person by are indexed apart.
        assertThat(jdbc.sql("select id from audit_event where subject_key_not_of_message is not null order by id").query(Long.class).list())
                .containsExactly(2L, 3L, 5L);
    }

    @Test
    void retentionArchivesThenPrunesOldEventsAndBodiesAndTheRestStillVerifies() throws Exception {
        UUID id = message("referral", "chain-r", "social-care", HETU);
        jdbc.sql("insert into message_body (message_id, received_at, key_id, body_enc) values (:id, :at, '1', :body)")
                .param("id", id).param("at", MessageLog.utc(Instant.now().minus(40, ChronoUnit.DAYS))).param("body", new byte[] {1, 2, 3})
                .update();
        // What partners answered to failed deliveries goes with the bodies.
        FailureDetails failureDetails = context.getBean(FailureDetails.class);
        DeliveryFailure refused = DeliveryFailure.of(DeliveryFailure.Kind.REFUSED, 422, List.of());
        failureDetails.keep(id, "kela", 1, refused, "unknown client " + HETU, Instant.now().minus(40, ChronoUnit.DAYS));
        failureDetails.keep(id, "kela", 2, refused, "unknown client " + HETU, Instant.now());
        oldEvents(id, 5);
        events(3);
        chainer.seal();

        AuditRetention.Run run = retention.run(Instant.now()).orElseThrow();
        chainer.chainPending();

        assertThat(run.bodiesDeleted()).isEqualTo(1);
        assertThat(run.failureDetailsDeleted()).isEqualTo(1);
        assertThat(failureDetails.find(id)).extracting(FailureDetails.Kept::attempt).containsExactly(2);
        assertThat(run.eventsPruned()).isEqualTo(5);
        assertThat(jdbc.sql("select min(id) from audit_event").query(Long.class).single()).isEqualTo(6);
        List<String> archived;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(run.archive())),
                StandardCharsets.UTF_8))) {
            archived = reader.lines().toList();
        }
        assertThat(archived).hasSize(5).allSatisfy(line -> assertThat(line).contains("\"hash\""));
        assertThat(run.archive().getParent()).isEqualTo(archiveDir);
        assertThat(jdbc.sql("select count(*) from message").query(Integer.class).single()).as("this test's own database").isEqualTo(2);
        AuditVerifier.Verification verification = verifier.verify();
        assertThat(verification.intact()).isTrue();
        assertThat(verification.firstEventId()).isEqualTo(6);
        assertThat(search.search(filter(Map.of("eventType", "RETENTION_RUN")))).singleElement()
                .satisfies(event -> assertThat(event.detail()).contains("1 message bodies", "1 delivery failure details", "5 audit events"));
    }

    @Test
    void theIdentityCodeIsStoredOnlyEncryptedAndAsAKeyedHash() {
        UUID id = message("referral", "chain-p", "social-care", HETU);
        log.append(MessageLog.Event.of(id, null, MessageEvent.RECEIVED, "from social-care", Instant.now()));
        context.getBean(AuditTrail.class).recordAuditorAction(new KetjuPrincipal("auditor", KetjuPrincipal.Role.AUDITOR, null),
                MessageEvent.AUDIT_SEARCH, "person=(the data subject)", HETU, null);
        // A recipient's refusal quoting the client: its code is no code, its whole answer is kept encrypted.
        context.getBean(FailureDetails.class).keep(id, "kela", 1, DeliveryFailure.of(DeliveryFailure.Kind.REFUSED, 422,
                List.of("unknown client " + HETU)), "HTTP 422\n\nunknown client " + HETU, Instant.now());
        chainer.chainPending();

        assertThat(AuditDatabaseScan.columnsContaining(jdbc, HETU)).isEmpty();
        assertThat(context.getBean(FailureDetails.class).find(id)).singleElement()
                .satisfies(kept -> assertThat(kept.detail()).endsWith("unknown client " + HETU));
        assertThat(ids(Map.of("person", HETU))).hasSize(2);
    }

    @Test
    void severalHubInstancesChainAndSealOneDatabaseEachEventOnceWithoutGaps() throws Exception {
        int writers = 4;
        int eventsEach = 300;
        List<AuditChainer> instances = List.of(chainer, hubInstanceChainer(Duration.ofSeconds(30)), hubInstanceChainer(Duration.ofSeconds(30)));
        AuditChainer auditorsInstance = hubInstanceChainer(Duration.ofSeconds(30));
        Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService threads = Executors.newFixedThreadPool(writers + instances.size() + 1);
        try {
            List<Future<?>> steps = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                String writer = "writer " + w;
                steps.add(threads.submit(() -> {
                    UUID id = message("referral", "chain-" + UUID.randomUUID(), "social-care", HETU);
                    for (int i = 0; i < eventsEach; i++) {
                        log.append(MessageLog.Event.of(id, null, MessageEvent.ROUTED, writer + " step " + i, Instant.now()));
                    }
                    return null;
                }));
            }
            List<Future<?>> background = new ArrayList<>();
            for (AuditChainer instance : instances) {
                background.add(threads.submit(() -> untilDone(writing, failures, round -> {
                    instance.chainPending();
                    if (round % 5 == 0) {
                        instance.seal();
                    }
                })));
            }
            // An auditor's read on a fourth instance: chains first, and must answer.
            background.add(threads.submit(() -> untilDone(writing, failures, round -> auditorsInstance.chainPending())));
            for (Future<?> step : steps) {
                step.get(60, TimeUnit.SECONDS);
            }
            writing.set(false);
            for (Future<?> each : background) {
                each.get(60, TimeUnit.SECONDS);
            }
        } finally {
            stop(threads, writing);
        }
        chainer.seal();

        assertThat(failures).isEmpty();
        int total = writers * eventsEach;
        assertThat(jdbc.sql("select count(*) from message_event").query(Integer.class).single()).as("outbox emptied").isZero();
        assertThat(jdbc.sql("select id from audit_event order by id").query(Long.class).list()).as("ids 1..N, no gaps")
                .containsExactlyElementsOf(IntStream.rangeClosed(1, total).mapToObj(Long::valueOf).toList());
        assertThat(jdbc.sql("select detail from audit_event").query(String.class).list()).as("each event chained exactly once")
                .containsExactlyInAnyOrderElementsOf(IntStream.range(0, writers).boxed()
                        .flatMap(w -> IntStream.range(0, eventsEach).mapToObj(i -> "writer " + w + " step " + i)).toList());
        AuditVerifier.Verification verification = verifier.verify();
        assertThat(verification.intact()).isTrue();
        assertThat(verification.eventsChecked()).isEqualTo(total);
        assertThat(verification.sealedUpTo()).isEqualTo(total);
    }

    @Test
    void twoRetentionRunsAtOnceOnOneDatabasePruneOnceWhileTheChainGoesOn() throws Exception {
        UUID id = message("referral", "chain-r2", "social-care", HETU);
        oldEvents(id, 5);
        events(3);
        chainer.seal();
        List<AuditRetention> instances = List.of(retention, hubInstanceRetention());
        AuditChainer chaining = hubInstanceChainer(Duration.ofSeconds(30));
        CyclicBarrier together = new CyclicBarrier(instances.size());
        Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService threads = Executors.newFixedThreadPool(instances.size() + 1);
        List<Optional<AuditRetention.Run>> runs = new ArrayList<>();
        try {
            Future<?> chainingMeanwhile = threads.submit(() -> untilDone(running, failures, round -> {
                events(1);
                chaining.chainPending();
                chaining.seal();
                // An auditor verifying meanwhile: the cut must not show as events missing.
                assertThat(verifier.verify().intact()).as("verified during the runs").isTrue();
            }));
            List<Future<Optional<AuditRetention.Run>>> started = new ArrayList<>();
            for (AuditRetention instance : instances) {
                started.add(threads.submit(() -> {
                    together.await(10, TimeUnit.SECONDS);
                    return instance.run(Instant.now());
                }));
            }
            for (Future<Optional<AuditRetention.Run>> each : started) {
                runs.add(each.get(60, TimeUnit.SECONDS));
            }
            running.set(false);
            chainingMeanwhile.get(60, TimeUnit.SECONDS);
        } finally {
            stop(threads, running);
        }
        chainer.seal();

        assertThat(failures).isEmpty();
        List<AuditRetention.Run> ran = runs.stream().flatMap(Optional::stream).toList();
        assertThat(ran).extracting(AuditRetention.Run::eventsPruned).as("the old events pruned once").containsOnlyOnce(5)
                .allMatch(pruned -> pruned == 5 || pruned == 0);
        assertThat(jdbc.sql("select count(*) from audit_checkpoint where kind = 'PRUNE'").query(Integer.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("select min(id) from audit_event").query(Long.class).single()).isEqualTo(6);
        AuditVerifier.Verification verification = verifier.verify();
        assertThat(verification.intact()).isTrue();
        assertThat(verification.firstEventId()).isEqualTo(6);
    }

    @Test
    void aRetentionCutBetweenReadingTheCheckpointsAndTheEventsIsNoBreak() {
        oldEvents(message("referral", "chain-v", "social-care", HETU), 5);
        events(3);
        chainer.seal();
        AtomicBoolean cut = new AtomicBoolean();
        // Another instance's retention run commits its cut just after the verifier has read the checkpoints.
        AuditCheckpoints cutMeanwhile = new AuditCheckpoints(jdbc, context.getBean(AuditSettings.class)) {
            @Override
            List<Checkpoint> all() {
                List<Checkpoint> all = super.all();
                if (cut.compareAndSet(false, true)) {
                    assertThat(hubInstanceRetention().run(Instant.now()).orElseThrow().eventsPruned()).isEqualTo(5);
                }
                return all;
            }
        };

        AuditVerifier.Verification verification = new AuditVerifier(jdbc, cutMeanwhile).verify();

        assertThat(cut).isTrue();
        assertThat(verification.intact()).isTrue();
        assertThat(verification.firstEventId()).isEqualTo(6);
    }

    @Test
    void anAuditorsReadWaitsForAnotherInstanceHoldingTheChainAndNeverFailsForIt() throws Exception {
        events(3);
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService other = Executors.newFixedThreadPool(2);
        try {
            // Another instance's retention cut, say: it holds the audit-chain lock until released.
            Future<?> holding = other.submit(() -> new TransactionTemplate(context.getBean(PlatformTransactionManager.class))
                    .executeWithoutResult(tx -> {
                        locks(Duration.ofSeconds(5)).lock(SingletonLocks.AUDIT_CHAIN);
                        held.countDown();
                        try {
                            release.await(30, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }));
            assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();
            AuditChainer impatient = hubInstanceChainer(Duration.ofMillis(300));

            assertThat(catchThrowable(impatient::chainPending))
                    .as("the bounded wait ends").isInstanceOf(CannotAcquireLockException.class);
            impatient.chainBeforeRead(); // the read answers from the trail as chained so far
            assertThat(jdbc.sql("select count(*) from audit_event").query(Integer.class).single()).isZero();

            Future<Integer> waiting = other.submit(chainer::chainPending);
            Thread.sleep(300);
            assertThat(waiting).as("waits while the lock is held").isNotDone();
            release.countDown();
            holding.get(10, TimeUnit.SECONDS);
            assertThat(waiting.get(10, TimeUnit.SECONDS)).isEqualTo(3);
        } finally {
            release.countDown();
            stop(other, new AtomicBoolean());
        }
        assertThat(verifier.verify().intact()).isTrue();
    }

    /** Stops the threads a test started before the next test begins (a failed one may leave them running). */
    private static void stop(ExecutorService threads, AtomicBoolean running) throws InterruptedException {
        running.set(false);
        threads.shutdownNow();
        assertThat(threads.awaitTermination(30, TimeUnit.SECONDS)).as("the test's threads stopped").isTrue();
    }

    /** Runs {@code work} round after round until {@code running} is false, each failure kept in {@code failures}. */
    private static void untilDone(AtomicBoolean running, Queue<Throwable> failures, Round work) {
        for (int round = 0; running.get(); round++) {
            try {
                work.run(round);
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception | AssertionError e) {
                failures.add(e);
            }
        }
    }

    private interface Round {
        void run(int round) throws Exception;
    }

    private void assertBrokenAt(long id, String reason) {
        AuditVerifier.Verification verification = verifier.verify();
        assertThat(verification.intact()).isFalse();
        assertThat(verification.firstBroken().kind()).isEqualTo("event");
        assertThat(verification.firstBroken().id()).isEqualTo(id);
        assertThat(verification.firstBroken().reason()).contains(reason);
    }

    private List<Long> ids(Map<String, String> params) {
        return search.search(filter(params)).stream().map(TrailEvent::id).toList();
    }

    private static AuditFilter filter(Map<String, String> params) {
        return AuditFilter.parse(params, AuditFilter.MAX_LIMIT);
    }

    /** {@code count} events about the message, older than the retention keeps (12 years). */
    private void oldEvents(UUID id, int count) {
        Instant thirteenYearsAgo = Instant.now().minus(13 * 366, ChronoUnit.DAYS);
        for (int i = 0; i < count; i++) {
            log.append(MessageLog.Event.of(id, null, MessageEvent.ROUTED, "old " + i, thirteenYearsAgo));
        }
    }

    /** {@code count} events about one message, each in its own transaction as the steps write them. */
    private void events(int count) {
        UUID id = message("referral", "chain-" + UUID.randomUUID(), "social-care", HETU);
        for (int i = 0; i < count; i++) {
            log.append(MessageLog.Event.of(id, i % 2 == 0 ? null : "health-care", MessageEvent.values()[i % 9], "step " + i, Instant.now()));
        }
    }

    private UUID message(String type, String chainId, String sender, String hetu) {
        UUID id = UUID.randomUUID();
        Subjects.Subject subject = subjects.ofHetu(hetu);
        jdbc.sql("""
                insert into message (id, sender, sender_message_id, chain_id, type, accepted_at, subject_key, subject_enc, subject_key_id)
                values (:id, :sender, :senderMessageId, :chainId, :type, :at, :key, :enc, :keyId)""")
                .param("id", id).param("sender", sender).param("senderMessageId", "S-" + id).param("chainId", chainId).param("type", type)
                .param("at", MessageLog.utc(Instant.now())).param("key", subject.key()).param("enc", subject.sealed().ciphertext())
                .param("keyId", subject.sealed().keyId())
                .update();
        return id;
    }
}
