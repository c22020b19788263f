package fi.ketju.delivery;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link FailurePathsContract} on production's database, PostgreSQL. */
class FailurePathsPostgreSqlTest extends FailurePathsContract {

    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void start() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        startHub("--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
                "--spring.datasource.username=postgres", "--spring.datasource.password=");
    }

    @AfterAll
    static void stopDatabase() throws Exception {
        stopHub();
        if (postgres != null) {
            postgres.close();
        }
    }
}
