package fi.ketju.message;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fi.ketju.CanonicalSamples;
import fi.ketju.HubIntegrationTest;
import fi.ketju.audit.Subjects;
import fi.ketju.mapping.MappingsInForce;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The broker has an accepted message a moment before its door's database transaction commits, so routing may take it
 * first. Routing must then neither record the message a second time nor wait for nothing: it waits on the door's own
 * insert (the database's lock), and records the message itself only when the door's transaction was lost.
 */
public class RoutingMeetsTheDoorTest extends HubIntegrationTest {

    private static final List<String> RECIPIENTS = List.of("health-care");

    @Autowired MessageLedger ledger;
    @Autowired PlatformTransactionManager transactions;
    @Autowired JdbcClient jdbc;
    @Autowired MappingsInForce mappings;
    @Autowired ObjectMapper json;

    @Test
    void routingThatOvertakesTheDoorsCommitWaitsForItAndRecordsTheMessageOnce() throws Exception {
        assertRoutingWaitsForTheDoor(ledger, transactions, jdbc, envelope());
    }

    @Test
    void aMessageWhoseDoorTransactionRolledBackIsRecordedByRouting() throws Exception {
        Envelope envelope = envelope();
        CountDownLatch inserted = new CountDownLatch(1);
        CompletableFuture<Void> door = CompletableFuture.runAsync(() -> new TransactionTemplate(transactions).executeWithoutResult(tx -> {
            accept(ledger, envelope);
            inserted.countDown();
            sleep(300);
            tx.setRollbackOnly(); // as when the hub died before the commit
        }));
        assertThat(inserted.await(10, TimeUnit.SECONDS)).isTrue();

        assertThat(ledger.recordRouted(envelope, "digest", "client-key", RECIPIENTS)).isEqualTo(MessageLedger.Routed.RECORDED_HERE);
        door.get(10, TimeUnit.SECONDS);
        assertThat(rows(jdbc, envelope)).isEqualTo(1);
        assertThat(events(jdbc, envelope, "RECEIVED")).isEqualTo(1);
        assertThat(events(jdbc, envelope, "ROUTED")).isEqualTo(1);
    }

    @Test
    void anOrphanOfACrashIsRecordedAtOnceAndARoutingRunAgainRecordsNothingMore() {
        Envelope envelope = envelope();

        assertThat(ledger.recordRouted(envelope, "digest", "client-key", RECIPIENTS)).isEqualTo(MessageLedger.Routed.RECORDED_HERE);
        assertThat(ledger.recordRouted(envelope, "digest", "client-key", RECIPIENTS)).isEqualTo(MessageLedger.Routed.ROUTED);
        assertThat(rows(jdbc, envelope)).isEqualTo(1);
        assertThat(events(jdbc, envelope, "RECEIVED")).isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from delivery where message_id = :id").param("id", envelope.messageId())
                .query(Integer.class).single()).isEqualTo(1);
    }

    @Test
    void anOrphanWhoseSenderHasResentItGoesNowhere() {
        ObjectNode canonical = CanonicalSamples.referral(mappings, json);
        Envelope resend = Envelope.of(canonical);
        accept(ledger, resend); // the sender's resend, under a new hub message id, is the message of record
        Envelope orphan = Envelope.of(canonical.put("messageId", UUID.randomUUID().toString()));

        assertThat(ledger.recordRouted(orphan, "digest", "client-key", RECIPIENTS)).isEqualTo(MessageLedger.Routed.SUPERSEDED);
        assertThat(rows(jdbc, orphan)).isZero();
        assertThat(jdbc.sql("select count(*) from delivery where message_id = :id").param("id", orphan.messageId())
                .query(Integer.class).single()).isZero();
    }

    /** Also run on PostgreSQL (PostgreSqlTest): its lock on a uniquely indexed key behaves as H2's. */
    public static void assertRoutingWaitsForTheDoor(MessageLedger ledger, PlatformTransactionManager transactions, JdbcClient jdbc,
            Envelope envelope) throws Exception {
        CountDownLatch inserted = new CountDownLatch(1);
        AtomicBoolean committing = new AtomicBoolean();
        CompletableFuture<Void> door = CompletableFuture.runAsync(() -> new TransactionTemplate(transactions).executeWithoutResult(tx -> {
            accept(ledger, envelope);
            inserted.countDown();
            sleep(300); // the door's send to the broker, before its commit
            committing.set(true);
        }));
        assertThat(inserted.await(10, TimeUnit.SECONDS)).isTrue();

        MessageLedger.Routed routed = ledger.recordRouted(envelope, "digest", "client-key", RECIPIENTS);

        assertThat(committing).as("routing went on only once the door's transaction ended").isTrue();
        door.get(10, TimeUnit.SECONDS);
        assertThat(routed).isEqualTo(MessageLedger.Routed.ROUTED);
        assertThat(rows(jdbc, envelope)).isEqualTo(1);
        assertThat(events(jdbc, envelope, "RECEIVED")).as("the door's own").isEqualTo(1);
        assertThat(events(jdbc, envelope, "ROUTED")).isEqualTo(1);
    }

    private Envelope envelope() {
        return Envelope.of(CanonicalSamples.referral(mappings, json));
    }

    private static void accept(MessageLedger ledger, Envelope envelope) {
        ledger.recordAccepted(envelope, new Subjects.Subject("client-key", null), null, "digest", null, Instant.now());
    }

    private static int rows(JdbcClient jdbc, Envelope envelope) {
        return jdbc.sql("select count(*) from message where id = :id").param("id", envelope.messageId()).query(Integer.class).single();
    }

    /** Events of the message, in the outbox or already chained. */
    private static int events(JdbcClient jdbc, Envelope envelope, String type) {
        return jdbc.sql("""
                select (select count(*) from message_event where message_id = :id and event_type = :type)
                     + (select count(*) from audit_event where message_id = :id and event_type = :type)""")
                .param("id", envelope.messageId()).param("type", type).query(Integer.class).single();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
