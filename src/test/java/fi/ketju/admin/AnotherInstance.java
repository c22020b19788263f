package fi.ketju.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Another hub instance on the shared database (issue 15) that has claimed the next version of a route or mapping
 * and is still putting it in force (its transaction open) when this instance's deploy, checked against the version
 * before, comes in.
 */
record AnotherInstance(PlatformTransactionManager transactions, DataSource database) {

    /**
     * What this instance answers to {@code ours}, sent while {@code theirs} is recorded but not yet committed.
     * Theirs commits once the database shows ours waiting for the lock theirs holds: ours has read the version in
     * force before that, so it was checked against the version before theirs.
     */
    HttpResponse<String> deploysFirst(Runnable theirs, Supplier<HttpResponse<String>> ours) throws InterruptedException, ExecutionException {
        AtomicReference<CompletableFuture<HttpResponse<String>>> answer = new AtomicReference<>();
        boolean postgreSql = isPostgreSql();
        new TransactionTemplate(transactions).executeWithoutResult(status -> {
            theirs.run();
            long session = new JdbcTemplate(database).queryForObject(postgreSql ? "select pg_backend_pid()" : "select session_id()",
                    Long.class);
            answer.set(CompletableFuture.supplyAsync(ours));
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                    .until(() -> answer.get().isDone() || aSessionWaitsFor(session, postgreSql));
            assertThat(answer.get()).as("this instance's deploy waited for theirs instead of answering at once").isNotDone();
        });
        return answer.get().get();
    }

    /** Whether another database session waits for a lock that {@code session} (this transaction's) holds. */
    private boolean aSessionWaitsFor(long session, boolean postgreSql) throws SQLException {
        String blocked = postgreSql
                ? "select count(*) from pg_stat_activity where ? = any(pg_blocking_pids(pid))"
                : "select count(*) from information_schema.sessions where blocker_id = ?";
        try (Connection connection = database.getConnection(); PreparedStatement statement = connection.prepareStatement(blocked)) {
            statement.setLong(1, session);
            try (ResultSet count = statement.executeQuery()) {
                return count.next() && count.getLong(1) > 0;
            }
        }
    }

    private boolean isPostgreSql() {
        return new JdbcTemplate(database).execute((Connection connection) ->
                connection.getMetaData().getDatabaseProductName().equals("PostgreSQL"));
    }
}
