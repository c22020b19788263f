package fi.ketju;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import fi.ketju.audit.MessageEvent;
import fi.ketju.audit.MessageLog;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import fi.ketju.security.InboundErrorsKeepPersonalDataInTest;
import java.io.IOException;
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
        String id = HubTestSupport.acceptReferral(hub.port, "PG-");

        HubTestSupport.awaitDelivered(hub.port, id);
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
