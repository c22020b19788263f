package fi.ketju;

import static fi.ketju.HubTestSupport.get;
import static fi.ketju.HubTestSupport.post;
import static fi.ketju.HubTestSupport.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import fi.ketju.audit.MessageEvent;
import fi.ketju.audit.MessageLog;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import fi.ketju.security.InboundErrorsKeepPersonalDataInTest;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The same jar runs on PostgreSQL (production's database) by configuration alone: schema by Flyway, flow end to end. */
class PostgreSqlTest {

    private final ObjectMapper json = new ObjectMapper();
    /** One database and one hub for the class: a start costs some 20 s of the suite. */
    private static EmbeddedPostgres postgres;
    private static StandaloneHub hub;

    @BeforeAll
    static void start() throws IOException {
        postgres = EmbeddedPostgres.builder().start();
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
        ObjectNode referral = (ObjectNode) json.readTree(sample("social-care/samples/referral.json"));
        referral.put("message_id", "PG-" + UUID.randomUUID());

        var accepted = post(hub.port, "/api/v1/social-care/messages", "sandbox-social-care", "application/json",
                json.writeValueAsString(referral));
        assertThat(accepted.statusCode()).isEqualTo(202);
        String id = json.readTree(accepted.body()).path("messageId").asText();

        await().atMost(Duration.ofSeconds(20)).until(
                () -> json.readTree(get(hub.port, "/api/v1/messages/" + id, "sandbox-social-care").body()).path("status").asText(),
                "DELIVERED"::equals);
        JdbcClient jdbc = hub.bean(JdbcClient.class);
        assertThat(jdbc.sql("select version()").query(String.class).single()).startsWith("PostgreSQL");
        assertThat(hub.bean(MessageLog.class).entries(UUID.fromString(id))).extracting(MessageLog.Entry::event)
                .containsExactly(MessageEvent.RECEIVED, MessageEvent.ROUTED, MessageEvent.TRANSLATED, MessageEvent.DELIVERED);
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
