package fi.ketju.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The audit store on PostgreSQL, production's database (embedded, io.zonky). */
class AuditStorePostgreSqlTest extends AuditStoreContract {

    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void postgreSql() throws IOException {
        postgres = EmbeddedPostgres.builder().start();
        start("spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
                "spring.datasource.username=postgres", "spring.datasource.password=");
    }

    @Test
    void runsOnPostgreSql() {
        assertThat(context.getBean(JdbcClient.class).sql("select version()").query(String.class).single()).startsWith("PostgreSQL");
    }

    @AfterAll
    static void stopPostgreSql() throws IOException {
        stop();
        postgres.close();
    }
}
