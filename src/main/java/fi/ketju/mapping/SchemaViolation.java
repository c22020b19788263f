package fi.ketju.mapping;

/**
 * One broken rule: {@code field} is a JSON Pointer into the document, {@code rule} the schema keyword
 * (or named check) it broke, {@code detail} what was wrong in words.
 */
public record SchemaViolation(String field, String rule, String detail) {
}
