package fi.ketju.intake;

/** The request body is larger than ketju.intake.max-body-bytes. */
class PayloadTooLargeException extends RuntimeException {

    private final long limit;

    PayloadTooLargeException(long limit) {
        super("body larger than " + limit + " bytes");
        this.limit = limit;
    }

    long limit() {
        return limit;
    }
}
