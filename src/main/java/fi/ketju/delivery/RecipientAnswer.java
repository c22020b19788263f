package fi.ketju.delivery;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.springframework.stereotype.Component;

/**
 * Judges a recipient's answer to a delivery by the recipient's format, which knows what its answers mean (an
 * X-Road SOAP Fault can come with HTTP 200 or 500). Throws when the recipient did not take the message, for the
 * shared error handling to retry or dead-letter.
 */
@Component("recipientAnswer")
class RecipientAnswer {

    private final PartnerDirectory partners;
    private final RecipientFormats formats;

    RecipientAnswer(PartnerDirectory partners, RecipientFormats formats) {
        this.partners = partners;
        this.formats = formats;
    }

    public void judge(Exchange exchange) {
        Message answer = exchange.getMessage();
        int status = answer.getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        String body = answer.getBody(String.class);
        answer.setBody(body); // the response stream is read once
        String recipient = exchange.getProperty(DeliveryProperties.RECIPIENT, String.class);
        PartnerDirectory.Partner partner = partners.get(recipient);
        formats.of(partner.format()).checkAnswer(partner, status, body);
    }
}
