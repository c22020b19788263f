package fi.ketju.delivery;

import fi.ketju.message.DeliveryFailure;

/**
 * The recipient did not take this message this time (it is down, busy, or failed itself), but nothing says the
 * message is wrong: the delivery is retried until ketju.delivery.max-attempts is used up.
 */
public class RecipientUnavailableException extends DeliveryFailedException {

    public RecipientUnavailableException(DeliveryFailure failure, String detail) {
        super(failure, detail);
    }
}
