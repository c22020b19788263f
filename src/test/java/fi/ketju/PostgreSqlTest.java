package fi.ketju;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import fi.ketju.audit.MessageEvent;
import fi.ketju.audit.MessageLog;
import fi.ketju.audit.Subjects;
import fi.ketju.mapping.MappingsInForce;
import fi.ketju.message.DeliveryFailure;
import fi.ketju.message.DeliveryStatus;
import fi.ketju.message.Envelope;
import fi.ketju.message.MessageLedger;
import fi.ketju.message.MessageSearch;
import fi.ketju.message.RoutingMeetsTheDoorTest;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import fi.ketju.security.InboundErrorsKeepPersonalDataInTest;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;

/** The same jar runs on PostgreSQL (production's database) by configuration alone: schema by Flyway, flow end to end. */
class PostgreSqlTest {

    private final ObjectMapper json = new ObjectMapper();
    /** One database and one hub for the class: a start costs some 20 s of the suite. */
    private static EmbeddedPostgres postgres;
    private static StandaloneHub hub;
    private static Path serverLog;

    @BeforeAll
    static void start() throws IOException {
        // The server's log in a file of its own, for the test that reads what PostgreSQL logs.
        serverLog = Files.createTempFile(HubTestSupport.DATA_DIR, "postgresql-", ".log");
        postgres = EmbeddedPostgres.builder().setErrorRedirector(ProcessBuilder.Redirect.appendTo(serverLog.toFile()))
                .setOutputRedirector(ProcessBuilder.Redirect.appendTo(serverLog.toFile())).start();
        hub = new StandaloneHub().start(
                "--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
                "--spring.datasource.username=postgres",
                "--spring.datasource.password=");
    }

    @AfterAll
    static void stop() throws IOException {
        try (EmbeddedPostgres database = postgres; StandaloneHub running = hub) {
            // closed in this order: the hub first, then its database
        }
    }

    @Test
    void aReferralFlowsEndToEndWithPostgreSql() throws Exception {
        String id = HubTestSupport.acceptReferral(hub.port, "PG-");

        HubTestSupport.awaitDelivered(hub.port, id);
        JdbcClient jdbc = hub.bean(JdbcClient.class);
        assertThat(jdbc.sql("select version()").query(String.class).single()).startsWith("PostgreSQL");
        assertThat(hub.bean(MessageLog.class).entries(UUID.fromString(id))).extracting(MessageLog.Entry::event)
                .containsExactly(MessageEvent.RECEIVED, MessageEvent.ROUTED, MessageEvent.TRANSLATED, MessageEvent.DELIVERED);
    }

    /** Routing that takes a message before its door's transaction commits waits on PostgreSQL's lock for the door's insert. */
    @Test
    void routingThatOvertakesTheDoorsCommitWaitsForIt() throws Exception {
        RoutingMeetsTheDoorTest.assertRoutingWaitsForTheDoor(hub.bean(MessageLedger.class), hub.bean(PlatformTransactionManager.class),
                hub.bean(JdbcClient.class), Envelope.of(CanonicalSamples.referral(hub.bean(MappingsInForce.class), json)));
    }

    /** Issue 16: the console's message search, its filters and paging, on PostgreSQL's types and its indexes (V29). */
    @Test
    void theConsolesMessageSearchFindsByMetadataWithinItsWindow() throws Exception {
        HubTestSupport.acceptReferral(hub.port, "PG-SEARCH-");
        String id = HubTestSupport.acceptReferral(hub.port, "PG-SEARCH-");
        HubTestSupport.awaitDelivered(hub.port, id);
        MessageLedger ledger = hub.bean(MessageLedger.class);
        Instant now = Instant.now().plusSeconds(1);

        MessageSearch.Page found = ledger.search(new MessageSearch("referral", "social-care", "health-care", DeliveryStatus.DELIVERED,
                UUID.fromString(id), null, now.minus(Duration.ofHours(1)), now, null, 1));
        assertThat(found.messages()).singleElement().satisfies(message -> {
            assertThat(message.messageId()).hasToString(id);
            assertThat(message.deliveries()).containsEntry("health-care", DeliveryStatus.DELIVERED);
        });
        MessageSearch.Page first = ledger.search(new MessageSearch(null, null, null, null, null, null,
                now.minus(Duration.ofHours(1)), now, null, 1));
        assertThat(first.next()).as("two messages in the window, one a page: a next page").isNotNull();
        assertThat(ledger.search(new MessageSearch(null, null, null, null, null, null, now.minus(Duration.ofHours(1)), now,
                first.next(), 1)).messages()).singleElement().satisfies(message ->
                assertThat(message.acceptedAt()).isBeforeOrEqualTo(first.messages().get(0).acceptedAt()));
        assertThat(hub.bean(JdbcClient.class).sql("select indexdef from pg_indexes where tablename = 'message'").query(String.class).list())
                .anySatisfy(index -> assertThat(index).contains("(accepted_at, id)"))
                .anySatisfy(index -> assertThat(index).contains("(type, accepted_at)"))
                .anySatisfy(index -> assertThat(index).contains("(sender, accepted_at)"));
    }

    /**
     * Issue 15: a resend (by Idempotency-Key or by sender message id) and a conflict are found by a lookup, not by an
     * insert PostgreSQL refuses: no error in its log, no rolled-back transaction for each.
     */
    @Test
    void aResendOrAConflictCostsPostgreSqlNoRefusedInsert() throws Exception {
        ObjectNode referral = (ObjectNode) json.readTree(Path.of("mappings/social-care/samples/referral.json").toFile());
        referral.put("message_id", "PG-RESEND-" + UUID.randomUUID());
        String body = json.writeValueAsString(referral);
        Map<String, String> key = Map.of("Idempotency-Key", "pg-resend-" + UUID.randomUUID());
        HttpResponse<String> accepted = postReferral(body, key);
        assertThat(accepted.statusCode()).isEqualTo(202);
        // Its routing may take it before the door's commit and meet the door's row (a duplicate key PostgreSQL logs,
        // RoutingMeetsTheDoorTest): that is the first send's, so the window below opens once it is delivered.
        HubTestSupport.awaitDelivered(hub.port, json.readTree(accepted.body()).path("messageId").asText());
        String before = serverLogMark();

        assertThat(postReferral(body, key).statusCode()).as("resent under its Idempotency-Key").isEqualTo(200);
        assertThat(postReferral(body, Map.of()).statusCode()).as("resent under its message id").isEqualTo(200);
        ((ObjectNode) referral.path("referral")).put("reason", "Toinen viesti samalla tunnisteella.");
        assertThat(postReferral(json.writeValueAsString(referral), Map.of()).statusCode()).as("another message, same id").isEqualTo(409);

        String after = serverLogMark();
        String logged = Files.readString(serverLog);
        assertThat(logged.substring(logged.indexOf(before), logged.indexOf(after))).doesNotContain("ERROR");
        // The lookups are on the unique keys' indexes (sender first, as both lookups name it).
        assertThat(hub.bean(JdbcClient.class).sql("select indexdef from pg_indexes where tablename = 'message'").query(String.class).list())
                .anySatisfy(index -> assertThat(index).contains("UNIQUE", "(sender, sender_message_id)"))
                .anySatisfy(index -> assertThat(index).contains("UNIQUE", "(sender, idempotency_key)"));
    }

    /**
     * Issue 15: DeliveryOrder's lookup on PostgreSQL: a client's earlier message not yet routed, then routed to the
     * recipient and pending, or failed and retrying, holds the later one back; delivered, or to another recipient only,
     * or of another client, it does not.
     */
    @Test
    void aClientsEarlierMessageOnItsWayHoldsTheNextBackOnPostgreSql() {
        MessageLedger ledger = hub.bean(MessageLedger.class);
        MappingsInForce mappings = hub.bean(MappingsInForce.class);
        Subjects.Subject client = new Subjects.Subject("pg-order-" + UUID.randomUUID(), null);
        Envelope earlier = Envelope.of(CanonicalSamples.referral(mappings, json));
        Envelope later = Envelope.of(CanonicalSamples.referral(mappings, json));
        Instant now = Instant.now();
        ledger.recordAccepted(earlier, client, null, null, null, now.minusSeconds(1));
        ledger.recordAccepted(later, client, null, null, null, now);
        ledger.recordRouted(later, null, client.key(), List.of("health-care"));
        Instant since = now.minus(Duration.ofHours(1));

        assertThat(ledger.earlierOnTheWay(later.messageId(), "health-care", since)).as("not yet routed")
                .contains(new MessageLedger.OnTheWay(earlier.messageId(), false));
        ledger.recordRouted(earlier, null, client.key(), List.of("health-care"));
        assertThat(ledger.earlierOnTheWay(later.messageId(), "health-care", since)).as("pending")
                .contains(new MessageLedger.OnTheWay(earlier.messageId(), true));
        assertThat(ledger.earlierOnTheWay(later.messageId(), "kela", since)).as("not to this recipient").isEmpty();
        assertThat(ledger.earlierOnTheWay(earlier.messageId(), "health-care", since)).as("nothing before the first").isEmpty();
        ledger.recordAttemptFailed(earlier.messageId(), "health-care", DeliveryFailure.of(DeliveryFailure.Kind.UNAVAILABLE, 503, List.of()), null, null);
        assertThat(ledger.earlierOnTheWay(later.messageId(), "health-care", since)).as("failed, to be retried")
                .contains(new MessageLedger.OnTheWay(earlier.messageId(), true));
        Envelope otherClients = Envelope.of(CanonicalSamples.referral(mappings, json));
        ledger.recordAccepted(otherClients, new Subjects.Subject("pg-order-" + UUID.randomUUID(), null), null, null, null, now.plusSeconds(1));
        assertThat(ledger.earlierOnTheWay(otherClients.messageId(), "health-care", since)).as("another client's").isEmpty();
        ledger.recordDead(earlier.messageId(), "health-care", "gave up", null, null, null);
        assertThat(ledger.earlierOnTheWay(later.messageId(), "health-care", since)).as("given up").isEmpty();
        ledger.recordReplayed(earlier.messageId(), "health-care", "admin", "replayed");
        assertThat(ledger.earlierOnTheWay(later.messageId(), "health-care", since)).as("replayed")
                .contains(new MessageLedger.OnTheWay(earlier.messageId(), true));
        ledger.recordDelivered(earlier.messageId(), "health-care", "HTTP 200", null);
        assertThat(ledger.earlierOnTheWay(later.messageId(), "health-care", since)).as("delivered").isEmpty();
    }

    private static HttpResponse<String> postReferral(String body, Map<String, String> headers) {
        return HubTestSupport.post(hub.port, "/api/v1/social-care/messages", "sandbox-social-care", "application/json", body, headers);
    }

    /** Writes a line of its own to PostgreSQL's log and waits until it is there: what was logged before it is too. */
    private static String serverLogMark() {
        String mark = "ketju-test-mark-" + UUID.randomUUID();
        hub.bean(JdbcClient.class).sql("do $$ begin raise log '" + mark + "'; end $$").update();
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.readString(serverLog).contains(mark));
        return mark;
    }

    /** Issue 14 on production's database: refused messages leave their identity codes and names in no column. */
    @Test
    void refusedMessagesLeaveTheirPersonalDataInNoColumnOfPostgreSql() {
        List<InboundErrorsKeepPersonalDataInTest.Broken> broken = InboundErrorsKeepPersonalDataInTest.representative();
        assertThat(broken).hasSize(7);
        JdbcClient jdbc = hub.bean(JdbcClient.class);
        for (InboundErrorsKeepPersonalDataInTest.Broken message : broken) {
            InboundErrorsKeepPersonalDataInTest.assertRefusedLeavingNothing(message, hub.port, jdbc);
        }
    }
}
