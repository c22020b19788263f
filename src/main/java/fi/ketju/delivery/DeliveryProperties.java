package fi.ketju.delivery;

/** Exchange properties a delivery route carries from step to step (set at the start of partner-delivery). */
final class DeliveryProperties {

    static final String RECIPIENT = "ketjuRecipient";
    static final String MESSAGE_ID = "ketjuMessageId";
    static final String MESSAGE_TYPE = "ketjuType";
    static final String URL = "ketjuDeliveryUrl";
    static final String CONTENT_TYPE = "ketjuContentType";
    static final String DEAD_LETTER_QUEUE = "ketjuDeadLetterQueue";
    static final String ORIGINAL_BODY = "ketjuOriginalBody";
    static final String ORIGINAL_HEADERS = "ketjuOriginalHeaders";
    /** What the translation gave the recipient (MessageLedger.Translated), recorded with the attempt's outcome. */
    static final String TRANSLATED = "ketjuTranslated";

    private DeliveryProperties() {
    }
}
