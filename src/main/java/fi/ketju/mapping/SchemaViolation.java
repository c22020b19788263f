package fi.ketju.mapping;

import java.util.List;

/**
 * One broken rule: {@code field} is a JSON Pointer into the document, {@code rule} the schema keyword
 * (or named check) it broke, {@code detail} what was wrong in words.
 */
public record SchemaViolation(String field, String rule, String detail) {

    /** Where and which rule each violation broke ("/subject/hetu pattern"), without the details, which may quote values. */
    public static List<String> brokenRules(List<SchemaViolation> violations) {
        return violations.stream().map(violation -> violation.field() + " " + violation.rule()).toList();
    }
}
