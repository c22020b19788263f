package fi.ketju.intake;

import fi.ketju.broker.BrokerFailures;
import java.util.Optional;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * The broker or the database could not take a message just now (down, failing over, out of connections): nothing was
 * stored, or the door cannot tell (a send cut off by a failover). Every door answers it as temporary, 503 (Kela's
 * door: its Server fault), with Retry-After; the sender sends the message again, with the same Idempotency-Key or
 * message id, so that a copy the hub did take is answered as a resend, never taken twice.
 */
public class IntakeUnavailableException extends RuntimeException {

    private final String part;

    private IntakeUnavailableException(String part, Throwable cause) {
        super("the hub's " + part + " is unavailable", cause);
        this.part = part;
    }

    /** The broker or the database, in a sender's words. */
    public String part() {
        return part;
    }

    /** What the door tells the sender; no personal data (it names no message). */
    public String detail(long retryAfterSeconds) {
        return "The hub's " + part + " is unavailable just now, so the message was not taken. Send it again after "
                + retryAfterSeconds + " s with the same Idempotency-Key or message id: a copy the hub did take is answered"
                + " as a resend, never taken twice.";
    }

    static Optional<IntakeUnavailableException> of(RuntimeException failure) {
        if (BrokerFailures.isBrokerFailure(failure)) {
            return Optional.of(new IntakeUnavailableException("broker", failure));
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof DataAccessResourceFailureException || cause instanceof TransientDataAccessException
                    || cause instanceof RecoverableDataAccessException || cause instanceof CannotCreateTransactionException
                    || cause instanceof TransactionSystemException) {
                return Optional.of(new IntakeUnavailableException("database", failure));
            }
        }
        return Optional.empty();
    }
}
