package fi.ketju.delivery;

/** This message can never be delivered to this recipient as it is; retrying cannot help. */
public class UndeliverableException extends RuntimeException {

    public UndeliverableException(String message) {
        super(message);
    }

    public UndeliverableException(String message, Throwable cause) {
        super(message, cause);
    }
}
