package fi.ketju.audit;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Work that exactly one hub instance may do at a time when several run on one database (issue 15): a row of
 * singleton_lock per job, locked with SELECT ... FOR UPDATE in the transaction that does the work and held until
 * it commits or rolls back. So the lock is atomic with the work (no lease to expire while the work still runs, none
 * left behind by a crashed instance: its connection's transaction ends), on H2 (MVStore row locks) and PostgreSQL
 * alike. Within one instance the lock excludes the instance's own threads too.
 */
@Component
public class SingletonLocks {

    /** Extending the audit chain, sealing it, and the retention job's cut (PRUNE checkpoint and delete). */
    static final String AUDIT_CHAIN = "audit-chain";
    /** A whole retention run: one instance at a time; the others skip theirs. */
    static final String AUDIT_RETENTION = "audit-retention";

    /** H2's ErrorCode.LOCK_TIMEOUT_1. */
    private static final int H2_LOCK_TIMEOUT = 50200;

    private final JdbcTemplate jdbc;
    private final Duration wait;
    private volatile Boolean postgreSql;

    /** How long {@link #lock} waits for another instance's transaction: ketju.audit.lock-wait. */
    SingletonLocks(JdbcTemplate jdbc, AuditSettings settings) {
        this.jdbc = jdbc;
        this.wait = settings.lockWait();
    }

    /**
     * Locks {@code job} for the caller's transaction, waiting up to the lock wait for whoever holds it; a
     * CannotAcquireLockException when that was not long enough.
     */
    public void lock(String job) {
        requireTransaction(job);
        String select = "select name from singleton_lock where name = ? for update";
        try {
            if (isPostgreSql()) {
                // PostgreSQL waits without limit by default; SET LOCAL ends with the transaction.
                jdbc.execute("set local lock_timeout = " + Math.max(1, wait.toMillis()));
            } else {
                // H2: FOR UPDATE WAIT <seconds> (its own lock timeout is 2 s by default), for this statement alone.
                select += " wait " + String.format(Locale.ROOT, "%.3f", wait.toMillis() / 1000.0);
            }
            found(job, jdbc.queryForList(select, String.class, job));
        } catch (DataAccessException e) {
            // Spring translates PostgreSQL's lock timeout (55P03) to no particular exception, H2's to a query timeout.
            if (isLockTimeout(e)) {
                throw new CannotAcquireLockException(job + " was held by another hub instance or thread longer than " + wait, e);
            }
            throw e;
        }
    }

    private static boolean isLockTimeout(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && ("55P03".equals(sql.getSQLState()) || sql.getErrorCode() == H2_LOCK_TIMEOUT)) {
                return true;
            }
        }
        return false;
    }

    /** Locks {@code job} for the caller's transaction if nobody holds it: false, at once, if someone does. */
    boolean tryLock(String job) {
        requireTransaction(job);
        if (!jdbc.queryForList("select name from singleton_lock where name = ? for update skip locked", String.class, job).isEmpty()) {
            return true;
        }
        found(job, jdbc.queryForList("select name from singleton_lock where name = ?", String.class, job));
        return false;
    }

    private static void requireTransaction(String job) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("the lock of " + job + " is held by a transaction: there is none");
        }
    }

    private static void found(String job, List<String> rows) {
        if (rows.isEmpty()) {
            throw new IllegalStateException("no row " + job + " in singleton_lock (migrations V23, V25)");
        }
    }

    private boolean isPostgreSql() {
        if (postgreSql == null) {
            postgreSql = jdbc.execute((ConnectionCallback<Boolean>) connection ->
                    connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres"));
        }
        return postgreSql;
    }
}
