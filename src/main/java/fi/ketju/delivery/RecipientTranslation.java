package fi.ketju.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fi.ketju.disclosure.Disclosure;
import fi.ketju.disclosure.DisclosurePolicy;
import fi.ketju.mapping.MappingException;
import fi.ketju.mapping.MappingsInForce;
import fi.ketju.mapping.TranslationTable;
import fi.ketju.message.MessageLedger;
import java.io.IOException;
import java.time.Instant;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * Translates a canonical message into one recipient's format: first the disclosure policy removes what the
 * recipient may not have, then the mapping mappings/translations.yaml names for the message type and the
 * recipient format runs, checked by that format before it may leave.
 * A message that fails here can never be delivered to this recipient: the failure is permanent for
 * this recipient only, and the others are still delivered.
 */
@Component("recipientTranslation")
class RecipientTranslation {

    private final ObjectMapper json;
    private final TranslationTable translations;
    private final PartnerDirectory partners;
    private final DisclosurePolicy policy;
    private final RecipientFormats formats;
    private final MappingsInForce mappings;

    RecipientTranslation(ObjectMapper json, TranslationTable translations, PartnerDirectory partners,
            DisclosurePolicy policy, RecipientFormats formats, MappingsInForce mappings) {
        this.json = json;
        this.translations = translations;
        this.partners = partners;
        this.policy = policy;
        this.formats = formats;
        this.mappings = mappings;
    }

    public void translate(Exchange exchange) throws IOException {
        String recipient = exchange.getProperty(DeliveryProperties.RECIPIENT, String.class);
        String type = exchange.getProperty(DeliveryProperties.MESSAGE_TYPE, String.class);
        PartnerDirectory.Partner partner = partners.get(recipient);
        String format = partner.format().key();
        String mapping = translations.outbound(format, type).orElseThrow(() -> UndeliverableException.mapping(
                "translations.yaml", "no mapping from canonical " + type + " to " + format + " in mappings/translations.yaml"));
        RecipientFormat recipientFormat = formats.of(partner.format());

        JsonNode canonical = json.readTree(exchange.getMessage().getBody(String.class));
        Disclosure disclosure = policy.apply(canonical, partner.format().family());
        RecipientFormat.Translation translation;
        try {
            translation = recipientFormat.translate(mappings.current(), disclosure.message(), mapping, partner, recipient);
        } catch (MappingException e) {
            // A mapping's error may quote the message: only its name is shown, the error itself is kept for auditors.
            throw UndeliverableException.mapping(mapping, e.getMessage());
        }

        exchange.setProperty(DeliveryProperties.CONTENT_TYPE, translation.contentType());
        exchange.getMessage().setBody(translation.body());
        // Recorded with the attempt's outcome, in its transaction (DeliveryOutcomes): one commit fewer a delivery.
        exchange.setProperty(DeliveryProperties.TRANSLATED, new MessageLedger.Translated(disclosure.legalBasis(), disclosure.categories(),
                "by " + mapping + " into " + translation.contentType()
                        + (disclosure.withheld().isEmpty() ? "" : "; withheld: " + String.join(", ", disclosure.withheld())),
                Instant.now()));
    }
}
