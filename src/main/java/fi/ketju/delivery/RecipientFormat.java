package fi.ketju.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import fi.ketju.mapping.MappingSet;
import fi.ketju.message.DeliveryFailure;
import java.util.List;
import java.util.Set;

/**
 * What one family of partners receives: runs the outbound mapping named in mappings/translations.yaml
 * on the canonical message and checks the result against the family's schema before it may leave; and
 * what the family's answer to a delivery means.
 */
public interface RecipientFormat {

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
     * HTTP status alone, which is what HTTP means, with an RFC 9457 problem's codes; a format whose recipients say
     * more in the body overrides this.
     *
     * @throws UndeliverableException if the recipient refused the message; retrying cannot help
     * @throws RecipientUnavailableException if the recipient did not take it this time; a later attempt may succeed
     */
    default void checkAnswer(int httpStatus, String body) {
        checkStatus(httpStatus, body, ProblemCodes.of(body));
    }

    /** {@link #checkAnswer(int, String)} for a format whose answers mean more by how the partner takes messages. */
    default void checkAnswer(PartnerDirectory.Partner partner, int httpStatus, String body) {
        checkAnswer(httpStatus, body);
    }

    /** The judgement by HTTP status alone: see {@link #checkAnswer}. {@code codes}: the answer's machine-readable codes. */
    static void checkStatus(int httpStatus, String body, List<String> codes) {
        if (httpStatus >= 200 && httpStatus < 300) {
            return;
        }
        // 408 and 429 say "later"; every other 4xx says the message itself is refused.
        if (httpStatus >= 400 && httpStatus < 500 && httpStatus != 408 && httpStatus != 429) {
            throw new UndeliverableException(DeliveryFailure.of(DeliveryFailure.Kind.REFUSED, httpStatus, codes),
                    answer(httpStatus, body));
        }
        throw new RecipientUnavailableException(DeliveryFailure.of(DeliveryFailure.Kind.UNAVAILABLE, httpStatus, codes),
                answer(httpStatus, body));
    }

    /** A recipient's answer as a failure's detail keeps it: the HTTP status and the whole body. */
    static String answer(int httpStatus, String body) {
        return "HTTP " + httpStatus + (body == null || body.isEmpty() ? "" : "\n\n" + body);
    }

    /** The body to deliver and its media type. */
    record Translation(String body, String contentType) {
    }
}
