package fi.ketju.delivery;

import fi.ketju.message.DeliveryFailure;

/**
 * A delivery failed, told twice: {@link #failure()}, the summary anyone who runs the hub may see (also the
 * exception's message, so that whatever logs it logs no more), and {@link #detail()}, what the hub got (the
 * recipient's whole answer, or a mapping's or validator's error), which may quote the message and is kept only
 * encrypted, for auditors. No cause is kept: its text would be the detail again.
 */
public abstract class DeliveryFailedException extends RuntimeException {

    private final transient DeliveryFailure failure;
    private final String detail;

    protected DeliveryFailedException(DeliveryFailure failure, String detail) {
        super(failure.describe());
        this.failure = failure;
        this.detail = detail;
    }

    public DeliveryFailure failure() {
        return failure;
    }

    /** What the hub got, for encrypted storage (or an admin's dry run over the sample messages); never for a log. */
    public String detail() {
        return detail;
    }
}
