package fi.ketju.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;

/**
 * What one family of partners receives: runs the outbound mapping named in mappings/translations.yaml
 * on the canonical message and checks the result against the family's schema before it may leave.
 */
public interface RecipientFormat {

    /** The partner formats this one serves. */
    Set<PartnerDirectory.Format> formats();

    /**
     * @param mapping the outbound mapping for this message type, relative to mappings/
     * @throws UndeliverableException if the output cannot be made valid; retrying cannot help
     */
    Translation translate(JsonNode canonical, String mapping, PartnerDirectory.Partner partner, String recipient);

    /** The body to deliver and its media type. */
    record Translation(String body, String contentType) {
    }
}
