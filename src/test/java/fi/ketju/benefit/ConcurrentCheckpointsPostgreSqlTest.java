package fi.ketju.benefit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Concurrent checkpoints on PostgreSQL, production's database (embedded, io.zonky). */
class ConcurrentCheckpointsPostgreSqlTest extends ConcurrentCheckpointsContract {

    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void postgreSql() throws IOException {
        postgres = EmbeddedPostgres.builder().start();
        start(postgres.getJdbcUrl("postgres", "postgres"), "postgres");
    }

    @AfterAll
    static void stopPostgreSql() throws IOException {
        stop();
        postgres.close();
    }
}
