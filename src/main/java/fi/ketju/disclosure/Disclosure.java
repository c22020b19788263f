package fi.ketju.disclosure;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * What one recipient is given: the minimised canonical message, the data categories it still carries,
 * those withheld, and the legal basis of the disclosure (domain.md: what a disclosure log row records).
 */
public record Disclosure(JsonNode message, List<String> categories, List<String> withheld, String legalBasis) {
}
