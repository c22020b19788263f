package fi.ketju.audit;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;

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
        return new SingletonLocks(context.getBean(JdbcTemplate.class), lockWait);
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

        AuditSearch.AuditRecord translated = search.view(search.search(filter(Map.of("eventType", "TRANSLATED"))).get(0));
        assertThat(translated.person()).isEqualTo(HETU);
        assertThat(translated.legalBasis()).isEqualTo("section 4 of Act 703/2023");
        assertThat(translated.dataCategories()).containsExactly("referral", "functioning");
        assertThat(translated.dataIds()).contains(referral.toString());
        assertThat(translated.purpose()).contains("referral");
        assertThat(translated.requester()).isEqualTo("social-care");
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
        Instant thirteenYearsAgo = Instant.now().minus(13 * 366, ChronoUnit.DAYS);
        for (int i = 0; i < 5; i++) {
            log.append(MessageLog.Event.of(id, null, MessageEvent.ROUTED, "old " + i, thirteenYearsAgo));
        }
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
