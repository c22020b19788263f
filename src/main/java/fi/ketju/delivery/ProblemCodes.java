package fi.ketju.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;

/**
 * The machine-readable codes of an RFC 9457 problem a recipient answered with: its {@code type} and {@code title}
 * (which RFC 9457 says do not change from occurrence to occurrence, unlike {@code detail}, which is left out).
 * Nothing for an answer that is not JSON.
 */
final class ProblemCodes {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ProblemCodes() {
    }

    static List<String> of(String body) {
        if (body == null || !body.stripLeading().startsWith("{")) {
            return List.of();
        }
        try {
            JsonNode problem = JSON.readTree(body);
            List<String> codes = new ArrayList<>();
            for (String member : List.of("type", "title")) {
                if (problem.path(member).isTextual()) {
                    codes.add(problem.path(member).asText());
                }
            }
            return codes;
        } catch (JsonProcessingException e) {
            return List.of();
        }
    }
}
