package fi.ketju.database;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import net.ttddyy.dsproxy.ConnectionInfo;
import net.ttddyy.dsproxy.listener.MethodExecutionContext;
import net.ttddyy.dsproxy.listener.MethodExecutionListener;
import org.springframework.dao.DataAccessResourceFailureException;

/**
 * Sees every call on the hub's connections and, when a connection has written, lets its commit (or its auto-committed
 * statement) return only once that commit is durable ({@link GroupCommit}). Reads and rolled-back work wait for
 * nothing. The connections with written work not yet committed are the ones a group's write may wait for.
 */
final class DurableCommits implements MethodExecutionListener {

    /** Connections with written work not yet committed. */
    private final Set<ConnectionInfo> written = ConcurrentHashMap.newKeySet();
    private final GroupCommit groupCommit;

    DurableCommits(GroupCommit.Write write, Duration spacing) {
        this.groupCommit = new GroupCommit(write, spacing, this::uncommittedWritesUnderWay);
    }

    /** Whether some connection has written and not yet committed or rolled back: its commit may come at once. */
    boolean uncommittedWritesUnderWay() {
        return !written.isEmpty();
    }

    long commits() {
        return groupCommit.commits();
    }

    long writes() {
        return groupCommit.writes();
    }

    @Override
    public void beforeMethod(MethodExecutionContext call) {
    }

    @Override
    public void afterMethod(MethodExecutionContext call) {
        if (call.getThrown() != null) {
            // A failed statement changed nothing; a failed commit or rollback leaves the transaction to its caller.
            return;
        }
        switch (call.getMethod().getName()) {
            case "execute", "executeUpdate", "executeLargeUpdate", "executeBatch", "executeLargeBatch" -> wrote(call);
            case "commit" -> committed(call);
            // Turning auto-commit on commits what the transaction wrote (JDBC).
            case "setAutoCommit" -> {
                if (Boolean.TRUE.equals(call.getMethodArgs()[0])) {
                    committed(call);
                }
            }
            case "rollback" -> {
                if (call.getMethodArgs() == null || call.getMethodArgs().length == 0) {
                    written.remove(call.getConnectionInfo());
                }
            }
            case "close" -> {
                if (call.getTarget() instanceof Connection) {
                    written.remove(call.getConnectionInfo());
                }
            }
            default -> {
            }
        }
    }

    /** A statement that may have written (anything but executeQuery): durable now in auto-commit, else at the commit. */
    private void wrote(MethodExecutionContext call) {
        boolean autoCommit;
        try {
            autoCommit = ((Statement) call.getTarget()).getConnection().getAutoCommit();
        } catch (SQLException e) {
            throw new DataAccessResourceFailureException("The database connection could not tell its commit mode", e);
        }
        if (autoCommit) {
            awaitDurable();
        } else {
            written.add(call.getConnectionInfo());
        }
    }

    private void committed(MethodExecutionContext call) {
        if (written.remove(call.getConnectionInfo())) {
            awaitDurable();
        }
    }

    private void awaitDurable() {
        try {
            groupCommit.awaitDurable();
        } catch (Exception e) {
            throw new DataAccessResourceFailureException("The database could not write committed work to its file", e);
        }
    }
}
