package fi.ketju.intake;

import fi.ketju.mapping.MappingException;
import fi.ketju.mapping.SchemaViolation;
import fi.ketju.security.InputEchoes;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The message breaks one or more rules; it is refused whole and nothing is stored or enqueued. */
public class InvalidMessageException extends RuntimeException {

    private final List<SchemaViolation> violations;

    public InvalidMessageException(List<SchemaViolation> violations) {
        super(violations.size() + " rule(s) broken");
        this.violations = List.copyOf(violations);
    }

    public InvalidMessageException(String field, String rule, String detail) {
        this(List.of(new SchemaViolation(field, rule, detail)));
    }

    /**
     * A valid message that the sender's mapping cannot read: resending it unchanged cannot help, so it is refused
     * (rule "mapping") rather than answered with a 500, whose log line would quote the message.
     */
    public static InvalidMessageException unreadable(String field, MappingException cause, byte[] body) {
        // The mapping's words may say anything of the message, quoted or not (issue 14).
        return new InvalidMessageException(field, "mapping", "the message could not be read into the hub's form: "
                + echoes(body).freeText(cause.getMessage()));
    }

    /**
     * The same refusal with neither field nor detail quoting {@code body}, the message refused: the parsers' and
     * validators' words quote the offending value, which may be an identity code or a name ({@link InputEchoes}).
     */
    public InvalidMessageException withoutEchoesOf(byte[] body) {
        return new InvalidMessageException(echoes(body).violations(violations));
    }

    private static InputEchoes echoes(byte[] body) {
        return InputEchoes.of(new String(body, StandardCharsets.UTF_8));
    }

    public List<SchemaViolation> violations() {
        return violations;
    }
}
