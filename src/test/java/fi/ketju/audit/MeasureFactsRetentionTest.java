package fi.ketju.audit;

import static org.assertj.core.api.Assertions.assertThat;

import fi.ketju.HubIntegrationTest;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The service-chain measures' facts (V30) follow the audit events' retention: deleted, with their recommendations, after event-years. */
class MeasureFactsRetentionTest extends HubIntegrationTest {

    @Autowired
    JdbcClient jdbc;
    @Autowired
    AuditRetention retention;

    private UUID fact(Instant acceptedAt) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                insert into measure_facts (message_id, accepted_at, event_kind, event_day, client, chain_id, sender_partner, organisation)
                values (:id, :at, 'assessment-summary', 0, 'pseudonym', 'chain', 'health-care', '1234567-1')""")
                .param("id", id).param("at", OffsetDateTime.ofInstant(acceptedAt, ZoneOffset.UTC)).update();
        jdbc.sql("insert into measure_recommendations (message_id, recommendation) values (:id, 'pension-assessment')")
                .param("id", id).update();
        return id;
    }

    private int count(String table, UUID id) {
        return jdbc.sql("select count(*) from " + table + " where message_id = :id").param("id", id).query(Integer.class).single();
    }

    @Test
    void factsOlderThanTheEventYearsAreDeletedAndYoungerOnesKept() {
        Instant now = Instant.now();
        UUID old = fact(now.atOffset(ZoneOffset.UTC).minusYears(12).minusDays(1).toInstant());
        UUID kept = fact(now.minus(29, ChronoUnit.DAYS));

        AuditRetention.Run run = retention.run(now).orElseThrow();

        assertThat(run.measureFactsDeleted()).isGreaterThanOrEqualTo(1);
        assertThat(count("measure_facts", old)).isZero();
        assertThat(count("measure_recommendations", old)).isZero();
        assertThat(count("measure_facts", kept)).isEqualTo(1);
        assertThat(count("measure_recommendations", kept)).isEqualTo(1);
    }
}
