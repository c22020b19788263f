package fi.ketju.delivery;

import java.net.URI;
import org.apache.camel.Exchange;
import org.apache.camel.component.http.HttpMethods;
import org.springframework.stereotype.Component;

/**
 * Prepares the HTTP request to a recipient: its URL (by format and FHIR mode) and exactly the headers
 * the recipient should see. Internal headers (JMS, routing) never leave the hub.
 */
@Component("deliveryRequest")
class DeliveryRequest {

    private final PartnerDirectory partners;

    DeliveryRequest(PartnerDirectory partners) {
        this.partners = partners;
    }

    public void prepare(Exchange exchange) {
        String recipient = exchange.getProperty(DeliveryProperties.RECIPIENT, String.class);
        String messageId = exchange.getProperty(DeliveryProperties.MESSAGE_ID, String.class);
        PartnerDirectory.Partner partner = partners.get(recipient);
        exchange.setProperty(DeliveryProperties.URL, url(partner).toString());

        var message = exchange.getMessage();
        message.removeHeaders("*");
        // The enum, not the text "POST": Camel would look up a converter to the enum for every delivery.
        message.setHeader(Exchange.HTTP_METHOD, HttpMethods.POST);
        message.setHeader(Exchange.CONTENT_TYPE, exchange.getProperty(DeliveryProperties.CONTENT_TYPE, String.class));
        message.setHeader("Accept", exchange.getProperty(DeliveryProperties.CONTENT_TYPE, String.class));
        // Lets the recipient drop the rare duplicate that at-least-once delivery can cause.
        message.setHeader("Idempotency-Key", messageId + ":" + recipient);
        message.setHeader("X-Ketju-Message-Id", messageId);
    }

    static URI url(PartnerDirectory.Partner partner) {
        String base = partner.url().toString().replaceAll("/+$", "");
        return URI.create(switch (partner.format()) {
            case FHIR -> partner.fhirMode() == PartnerDirectory.FhirMode.MESSAGE ? base + "/$process-message" : base;
            case KELA -> base + "/xroad";
            case SOCIAL_CARE, EMPLOYMENT -> base + "/messages";
        });
    }
}
