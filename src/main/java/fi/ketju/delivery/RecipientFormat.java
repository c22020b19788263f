package fi.ketju.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import fi.ketju.mapping.MappingSet;
import java.util.Set;

/**
 * What one family of partners receives: runs the outbound mapping named in mappings/translations.yaml
 * on the canonical message and checks the result against the family's schema before it may leave; and
 * what the family's answer to a delivery means.
 */
public interface RecipientFormat {

    /** How much of an answer's body a failure's description quotes: enough to see why, not a whole page. */
    int QUOTED_BODY_CHARS = 500;

    /** The partner formats this one serves. */
    Set<PartnerDirectory.Format> formats();

    /**
     * @param mappings the mapping set to translate with, the one in force but for an admin's preview
     * @param mapping  the outbound mapping for this message type, relative to mappings/
     * @throws UndeliverableException if the output cannot be made valid; retrying cannot help
     */
    Translation translate(MappingSet mappings, JsonNode canonical, String mapping, PartnerDirectory.Partner partner,
            String recipient);

    /**
     * Judges the recipient's answer to a delivery; returns if the recipient took the message. By default by the
     * HTTP status alone, which is what HTTP means; a format whose recipients say more in the body overrides this.
     *
     * @throws UndeliverableException if the recipient refused the message; retrying cannot help
     * @throws RecipientUnavailableException if the recipient did not take it this time; a later attempt may succeed
     */
    default void checkAnswer(int httpStatus, String body) {
        checkStatus(httpStatus, body);
    }

    /** The judgement by HTTP status alone: see {@link #checkAnswer}. */
    static void checkStatus(int httpStatus, String body) {
        if (httpStatus >= 200 && httpStatus < 300) {
            return;
        }
        // 408 and 429 say "later"; every other 4xx says the message itself is refused.
        if (httpStatus >= 400 && httpStatus < 500 && httpStatus != 408 && httpStatus != 429) {
            throw new UndeliverableException("the recipient refused the message: " + describeAnswer(httpStatus, body));
        }
        throw new RecipientUnavailableException("the recipient did not take the message: " + describeAnswer(httpStatus, body));
    }

    /** An answer as a failure's description quotes it: the HTTP status and the start of the body. */
    static String describeAnswer(int httpStatus, String body) {
        String quoted = body == null ? "" : body.strip().replaceAll("\\s+", " ");
        if (quoted.length() > QUOTED_BODY_CHARS) {
            quoted = quoted.substring(0, QUOTED_BODY_CHARS) + "…";
        }
        return "HTTP " + httpStatus + (quoted.isEmpty() ? "" : ": " + quoted);
    }

    /** The body to deliver and its media type. */
    record Translation(String body, String contentType) {
    }
}
