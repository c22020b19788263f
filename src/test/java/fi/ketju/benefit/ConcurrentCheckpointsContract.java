package fi.ketju.benefit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zaxxer.hikari.HikariDataSource;
import fi.ketju.mapping.MappingSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * Issue 15: statuses of one chain handled at once (by the consumers of one instance or of several on one database)
 * report each checkpoint exactly once. Only the checkpoint component runs, on a database migrated by Flyway
 * (ConcurrentCheckpointsH2Test, ConcurrentCheckpointsPostgreSqlTest).
 */
abstract class ConcurrentCheckpointsContract {

    private static final int CONSUMERS = 8;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static HikariDataSource database;
    private static SicknessAllowanceCheckpoints checkpoints;

    /** Migrates the database at this JDBC URL and makes the component on it. */
    protected static void start(String url, String user) {
        database = new HikariDataSource();
        database.setJdbcUrl(url);
        database.setUsername(user);
        database.setMaximumPoolSize(CONSUMERS);
        // V31 creates the measures' database user, named as the hub names it (spring.flyway.placeholders).
        Flyway.configure().dataSource(database).locations("classpath:db/migration")
                .placeholders(Map.of("measures_reader_user", "ketju_measures", "measures_reader_password", "checkpoints-test"))
                .load().migrate();
        checkpoints = new SicknessAllowanceCheckpoints(JdbcClient.create(database), JSON, new MappingSettings(Path.of("mappings")),
                new DataSourceTransactionManager(database));
    }

    @AfterAll
    static void stop() {
        database.close();
    }

    @Test
    void statusesOfOneChainHandledAtOnceReportEachCheckpointOnce() throws Exception {
        ExecutorService consumers = Executors.newFixedThreadPool(CONSUMERS);
        try {
            for (int chains = 0; chains < 10; chains++) {
                String chain = UUID.randomUUID().toString();
                // Every consumer has a status of its own with the same paid days: the first one handled crosses.
                for (int[] round : new int[][] {{62, 60}, {93, 90}, {152, 150}, {231, 230}, {301, 300}}) {
                    assertThat(atOnce(consumers, chain, round[0])).as("chain %s at %d days", chains, round[0]).containsExactly(round[1]);
                }
            }
        } finally {
            consumers.shutdownNow();
        }
    }

    @Test
    void aRedeliveredStatusStillSeesTheDaysBeforeItAfterOthersRacedForTheChain() throws Exception {
        ExecutorService consumers = Executors.newFixedThreadPool(CONSUMERS);
        try {
            String chain = UUID.randomUUID().toString();
            atOnce(consumers, chain, 40);
            ObjectNode crossing = status(chain, 92);

            assertThat(checkpoints.mark(crossing)).map(SicknessAllowanceCheckpoints.Checkpoint::days).hasValue(90);
            assertThat(checkpoints.mark(status(chain, 92).put("messageId", crossing.path("messageId").asText())))
                    .as("redelivered").map(SicknessAllowanceCheckpoints.Checkpoint::days).hasValue(90);
        } finally {
            consumers.shutdownNow();
        }
    }

    /** The checkpoints reported when each consumer handles a status of the chain with these paid days at once. */
    private static List<Integer> atOnce(ExecutorService consumers, String chain, int paidDays) throws Exception {
        CyclicBarrier start = new CyclicBarrier(CONSUMERS);
        List<Future<Optional<SicknessAllowanceCheckpoints.Checkpoint>>> handled = new ArrayList<>();
        for (int i = 0; i < CONSUMERS; i++) {
            ObjectNode status = status(chain, paidDays);
            handled.add(consumers.submit(() -> {
                start.await();
                return checkpoints.mark(status);
            }));
        }
        List<Integer> reported = new ArrayList<>();
        for (Future<Optional<SicknessAllowanceCheckpoints.Checkpoint>> status : handled) {
            status.get().ifPresent(c -> reported.add(c.days()));
        }
        return reported;
    }

    private static ObjectNode status(String chain, int paidDays) throws Exception {
        ObjectNode status = (ObjectNode) JSON.readTree(Path.of("mappings/canonical/samples/benefit-status.json").toFile());
        status.put("messageId", UUID.randomUUID().toString()).put("chainId", chain);
        ((ObjectNode) status.path("payload").path("sicknessAllowance")).put("paidDays", paidDays).put("isEmployee", true);
        return status;
    }
}
