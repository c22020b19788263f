package fi.ketju.mapping;

/** A mapping could not produce its output; for a delivery this is permanent, retrying cannot help. */
public class MappingException extends RuntimeException {

    public MappingException(String message, Throwable cause) {
        super(message, cause);
    }

    public MappingException(String message) {
        super(message);
    }
}
