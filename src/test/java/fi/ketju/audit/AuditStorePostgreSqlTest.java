package fi.ketju.audit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The audit store on PostgreSQL, production's database (embedded, io.zonky). */
class AuditStorePostgreSqlTest extends AuditStoreContract {

    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void postgreSql() throws IOException {
        postgres = EmbeddedPostgres.builder().start();
        start("spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
                "spring.datasource.username=postgres", "spring.datasource.password=");
    }

    @AfterAll
    static void stopPostgreSql() throws IOException {
        stop();
        postgres.close();
    }
}
