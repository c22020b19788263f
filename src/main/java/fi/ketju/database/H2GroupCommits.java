package fi.ketju.database;

import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;
import net.ttddyy.dsproxy.support.ProxyDataSourceBuilder;

/**
 * An H2 database whose commits return once they are in its file, written in groups: the connections of the
 * {@link #durable(DataSource) DataSource} it gives wait for a {@link GroupCommit} of {@link H2Checkpoint}s.
 */
final class H2GroupCommits implements AutoCloseable {

    private final H2Checkpoint checkpoint;
    private final DurableCommits durableCommits;

    H2GroupCommits(String url, String username, String password, Duration spacing) {
        this.checkpoint = new H2Checkpoint(url, username, password);
        this.durableCommits = new DurableCommits(checkpoint, spacing);
    }

    /** H2 keeping its data in a file (or a server's): not PostgreSQL, whose commit is durable, nor an in-memory H2. */
    static boolean needed(String url) {
        return url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:h2:mem:");
    }

    /** Writes once now, so that a user H2 refuses CHECKPOINT (it needs an admin) stops the start, not every commit. */
    void writeOnce() {
        try {
            checkpoint.run();
        } catch (SQLException e) {
            throw new IllegalStateException("The embedded H2 database refused its user the write of committed work "
                    + "(CHECKPOINT, which needs an admin): KETJU_DB_USER must be the user that created the database", e);
        }
    }

    /** The pool's connections, each of whose commits returns once written. */
    DataSource durable(DataSource pool) {
        return ProxyDataSourceBuilder.create(pool).methodListener(durableCommits).build();
    }

    long commits() {
        return durableCommits.commits();
    }

    long writes() {
        return durableCommits.writes();
    }

    /** Before the pool closes: H2 closes the database with its last connection. */
    @Override
    public void close() {
        checkpoint.close();
    }
}
