package fi.ketju.database;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * H2's CHECKPOINT writes every committed change to the database file at once (the write a commit makes itself with
 * WRITE_DELAY=0). On a connection of its own, outside the pool: the writer must not wait for a pooled connection that
 * a committer waiting for this very write holds. Used by one writer at a time ({@link GroupCommit}).
 */
final class H2Checkpoint implements GroupCommit.Write, AutoCloseable {

    private final String url;
    private final String username;
    private final String password;
    private Connection connection;
    private PreparedStatement checkpoint;
    private boolean closed;

    H2Checkpoint(String url, String username, String password) {
        this.url = url;
        this.username = username;
        this.password = password;
    }

    @Override
    public synchronized void run() throws SQLException {
        if (closed) {
            throw new SQLException("The database is closing");
        }
        if (connection == null) {
            connection = DriverManager.getConnection(url, username, password);
            checkpoint = connection.prepareStatement("CHECKPOINT");
        }
        try {
            checkpoint.execute();
        } catch (SQLException e) {
            closeConnection();
            throw e;
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        closeConnection();
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                // Closing after a failure: the next write opens a new one.
            }
            connection = null;
            checkpoint = null;
        }
    }
}
