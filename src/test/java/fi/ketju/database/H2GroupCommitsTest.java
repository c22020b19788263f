package fi.ketju.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import net.ttddyy.dsproxy.support.ProxyDataSourceBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class H2GroupCommitsTest {

    /** H2 would write these commits to its file only after 100 s: whatever is in the file, a group wrote. */
    private static String url(Path dir) {
        return "jdbc:h2:file:" + dir.resolve("db") + ";WRITE_DELAY=100000";
    }

    @Test
    void onlyCommitsThatWroteWaitForAWrite(@TempDir Path dir) throws Exception {
        try (HikariDataSource pool = pool(url(dir));
                H2GroupCommits groupCommits = new H2GroupCommits(url(dir), "sa", "", Duration.ZERO)) {
            DataSource durable = groupCommits.durable(pool);
            try (Connection connection = durable.getConnection(); Statement statement = connection.createStatement()) {
                statement.executeUpdate("create table note(id int primary key, text varchar(100))");
                assertThat(groupCommits.writes()).as("an auto-committed statement").isEqualTo(1);

                connection.setAutoCommit(false);
                statement.executeUpdate("insert into note values (1, 'a')");
                statement.executeUpdate("insert into note values (2, 'b')");
                assertThat(groupCommits.writes()).as("before the commit").isEqualTo(1);
                connection.commit();
                assertThat(groupCommits.writes()).as("a transaction's commit").isEqualTo(2);

                try (ResultSet rows = statement.executeQuery("select count(*) from note")) {
                    rows.next();
                }
                connection.commit();
                assertThat(groupCommits.writes()).as("a commit of reads only").isEqualTo(2);

                statement.executeUpdate("insert into note values (3, 'c')");
                connection.rollback();
                connection.commit();
                assertThat(groupCommits.writes()).as("a rolled-back transaction").isEqualTo(2);

                statement.executeUpdate("insert into note values (4, 'd')");
                connection.setAutoCommit(true);
                assertThat(groupCommits.writes()).as("auto-commit turned on, which commits").isEqualTo(3);
            }
            assertThat(groupCommits.commits()).isEqualTo(3);
        }
    }

    @Test
    void aGroupWaitsOnlyForConnectionsThatHaveWrittenAndNotYetCommitted(@TempDir Path dir) throws Exception {
        DurableCommits durableCommits = new DurableCommits(() -> { }, Duration.ZERO);
        try (HikariDataSource pool = pool(url(dir))) {
            DataSource durable = ProxyDataSourceBuilder.create(pool).methodListener(durableCommits).build();
            try (Connection writer = durable.getConnection(); Statement writes = writer.createStatement();
                    Connection reader = durable.getConnection(); Statement reads = reader.createStatement()) {
                writes.executeUpdate("create table note(id int primary key, text varchar(100))");
                writer.setAutoCommit(false);
                reader.setAutoCommit(false);
                reads.executeQuery("select count(*) from note").close();
                assertThat(durableCommits.uncommittedWritesUnderWay()).as("a transaction that only read").isFalse();

                writes.executeUpdate("insert into note values (1, 'a')");
                assertThat(durableCommits.uncommittedWritesUnderWay()).as("an insert not yet committed").isTrue();
                writer.commit();
                assertThat(durableCommits.uncommittedWritesUnderWay()).as("after its commit").isFalse();

                writes.executeUpdate("insert into note values (2, 'b')");
                writer.rollback();
                assertThat(durableCommits.uncommittedWritesUnderWay()).as("after a rollback").isFalse();

                writes.executeUpdate("insert into note values (3, 'c')");
            }
            assertThat(durableCommits.uncommittedWritesUnderWay()).as("a connection closed with its work").isFalse();
        }
    }

    @Test
    void aUserThatMayNotWriteCommittedWorkStopsTheStartNamingTheSetting(@TempDir Path dir) throws Exception {
        try (Connection admin = DriverManager.getConnection(url(dir), "sa", "");
                Statement statement = admin.createStatement()) {
            statement.execute("create user clerk password 'clerk-secret'");
        }
        try (H2GroupCommits groupCommits = new H2GroupCommits(url(dir), "clerk", "clerk-secret", Duration.ZERO)) {
            assertThatThrownBy(groupCommits::writeOnce).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("KETJU_DB_USER").message().doesNotContain("clerk-secret");
        }
    }

    @Test
    void aProcessKilledRightAfterItsCommitsReturnedHasThemAllInTheFile(@TempDir Path dir) throws Exception {
        int rows = killAfterCommits(url(dir), true);

        assertThat(rowsInFile(url(dir))).isEqualTo(rows);
    }

    /** The test's own check: without the group commits, the same kill loses the commits H2 had not yet written. */
    @Test
    void withoutGroupCommitsTheSameKillLosesCommits(@TempDir Path dir) throws Exception {
        int rows = killAfterCommits(url(dir), false);

        assertThat(rowsInFile(url(dir))).isLessThan(rows);
    }

    private static int killAfterCommits(String url, boolean groupCommits) throws Exception {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), CommitThenHalt.class.getName(), url,
                Boolean.toString(groupCommits)).redirectErrorStream(true).start();
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("the child process ended").isTrue();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(output).as("the child's output").contains("COMMITTED ");
        return Integer.parseInt(output.substring(output.indexOf("COMMITTED ") + 10).trim());
    }

    private static int rowsInFile(String url) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, "sa", "");
                Statement statement = connection.createStatement();
                ResultSet count = statement.executeQuery(
                        "select count(*) from information_schema.tables where table_name = 'NOTE'")) {
            count.next();
            if (count.getInt(1) == 0) {
                return 0;
            }
            try (ResultSet rows = statement.executeQuery("select count(*) from note")) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    private static HikariDataSource pool(String url) {
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl(url);
        pool.setUsername("sa");
        pool.setPassword("");
        pool.setMaximumPoolSize(8);
        return pool;
    }

    /**
     * The child: eight threads commit rows (in transactions and auto-committed) through the pool; once every commit
     * has returned it prints how many and stops dead, as a kill would (no shutdown hook, no close).
     */
    static final class CommitThenHalt {
        public static void main(String[] args) throws Exception {
            String url = args[0];
            HikariDataSource pool = pool(url);
            DataSource dataSource = Boolean.parseBoolean(args[1])
                    ? new H2GroupCommits(url, "sa", "", Duration.ofMillis(2)).durable(pool) : pool;
            try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
                statement.executeUpdate("create table note(id int primary key, text varchar(100))");
            }
            int threads = 8;
            int rowsEach = 50;
            ExecutorService committers = Executors.newFixedThreadPool(threads);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(committers.submit(() -> {
                    for (int i = 0; i < rowsEach; i++) {
                        insert(dataSource, thread * rowsEach + i, i % 2 == 0);
                    }
                    return null;
                }));
            }
            for (Future<?> committer : done) {
                committer.get();
            }
            System.out.println("COMMITTED " + threads * rowsEach);
            System.out.flush();
            Runtime.getRuntime().halt(0);
        }

        private static void insert(DataSource dataSource, int id, boolean inTransaction) throws SQLException {
            try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
                connection.setAutoCommit(!inTransaction);
                statement.executeUpdate("insert into note values (" + id + ", 'note " + id + "')");
                if (inTransaction) {
                    connection.commit();
                }
            }
        }
    }
}
