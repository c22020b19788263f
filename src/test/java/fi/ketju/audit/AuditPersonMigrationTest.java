package fi.ketju.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * V36 on a trail that has events already: only the events whose message does not name their person get the person in
 * subject_key_not_of_message, on H2 and PostgreSQL alike.
 */
class AuditPersonMigrationTest {

    private static final String PERSON = "a".repeat(64);
    private static final String OTHER = "b".repeat(64);

    @Test
    void onH2() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:audit-person-migration-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        h2.setUser("ketju");
        migratesEventsAlreadyChained(h2);
    }

    @Test
    void onPostgreSql() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            migratesEventsAlreadyChained(postgres.getPostgresDatabase());
        }
    }

    private static void migratesEventsAlreadyChained(DataSource database) {
        migrate(database, "35");
        JdbcClient jdbc = JdbcClient.create(database);
        UUID referral = UUID.randomUUID();
        jdbc.sql("insert into message (id, sender, sender_message_id, chain_id, type, accepted_at, subject_key)"
                        + " values (:id, 'social-care', 'S-1', 'chain-a', 'referral', :at, :person)")
                .param("id", referral).param("at", OffsetDateTime.now(ZoneOffset.UTC)).param("person", PERSON).update();
        event(jdbc, 1, referral, PERSON); // the referral's client: found through the referral
        event(jdbc, 2, null, PERSON); // an auditor's search about the client: no message
        event(jdbc, 3, referral, OTHER); // of the referral, about someone else
        event(jdbc, 4, null, null); // about no one

        migrate(database, "latest");

        assertThat(jdbc.sql("select id, subject_key_not_of_message from audit_event order by id")
                .query((rs, n) -> rs.getLong(1) + "=" + rs.getString(2)).list())
                .containsExactly("1=null", "2=" + PERSON, "3=" + OTHER, "4=null");
    }

    private static void event(JdbcClient jdbc, long id, UUID messageId, String subjectKey) {
        jdbc.sql("insert into audit_event (id, occurred_at, event_type, outcome, message_id, subject_key, prev_hash, hash)"
                        + " values (:id, :at, 'RECEIVED', 'SUCCESS', :message, :subject, :hash, :hash)")
                .param("id", id).param("at", OffsetDateTime.now(ZoneOffset.UTC)).param("message", messageId)
                .param("subject", subjectKey).param("hash", "0".repeat(64)).update();
    }

    private static void migrate(DataSource database, String target) {
        Flyway.configure().dataSource(database).target(target)
                .placeholders(Map.of("measures_reader_user", "ketju_measures", "measures_reader_password", "measures"))
                .load().migrate();
    }
}
