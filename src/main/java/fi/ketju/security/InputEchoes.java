package fi.ketju.security;

import fi.ketju.mapping.SchemaViolation;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Takes out of a refusal what the refused message itself said. Parsers and validators (Jackson, the JSON Schema
 * validator, HAPI FHIR, the JDK's XML parser and XSD validator, JSLT, Saxon) word their errors by quoting the offending
 * token, value or name, and in a message about a client that is often the identity code or a name. A refusal names the
 * field, the rule and the position instead: the sender has the message, and an answer is often logged by proxies on the
 * way back, and the field and rule go into the audit trail.
 *
 * <p>What is left out of an error text: anything the text quotes ('…', "…", “…”, ‘…’) that the body holds, or that is not
 * plain ASCII (values are escaped in JSON and XML, so an accented name may not be found as such); and anything shaped
 * like a personal identity code, quoted or not, valid or not. Out of a field (a JSON Pointer, a FHIR path, an XML
 * path): each step that is shaped like an identity code or is not a plain name. Keys and element names the sender made
 * up are kept when they are plain ASCII names, so that a misspelt field can still be told; a name of a person sent as
 * a plain ASCII key is the one echo left, and it goes nowhere but the answer and the audit trail's field.
 */
public final class InputEchoes {

    /** DDMMYY, a century sign, ZZZ, a check character: the form, not the rules, so a wrong one is caught too. */
    private static final Pattern IDENTITY_CODE = Pattern.compile("(?<![0-9])[0-9]{6}[-+A-FU-Ya-fu-y][0-9]{3}[0-9A-Za-z]");
    /** An apostrophe inside a word ("can't") opens or closes no quote. */
    private static final Pattern QUOTED = Pattern.compile(
            "(?<![A-Za-z])'([^'\\n]{2,}?)'(?![A-Za-z])|\"([^\"\\n]{2,}?)\"|“([^”\\n]{2,}?)”|(?<![A-Za-z])‘([^’\\n]{2,}?)’(?![A-Za-z])");
    /** A step of a field: a key, element or type name, an index, a FHIRPath function; nothing a value would need. */
    private static final Pattern PLAIN_STEP = Pattern.compile("[A-Za-z0-9_$:*\\[\\]()-]*");
    private static final Pattern STEP = Pattern.compile("[^/.]+");
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}_+./-]*");
    private static final String LEFT_OUT = "…";
    /** Quoted by Jackson as what it expected, not as what it found. */
    private static final Set<String> JSON_LITERALS = Set.of("null", "true", "false");

    private final String body;

    private InputEchoes(String body) {
        this.body = body;
    }

    /** For the errors about {@code body}, the message as it came (its text; bytes that are not UTF-8 are replaced). */
    public static InputEchoes of(String body) {
        return new InputEchoes(body == null ? "" : body);
    }

    /** The violation with neither its field nor its detail quoting the message. */
    public SchemaViolation violation(SchemaViolation violation) {
        String field = field(violation.field());
        // A name the field still says (by the field's rule) may be said in the detail too: "required property 'syy'".
        Set<String> named = new HashSet<>();
        STEP.matcher(field).results().forEach(step -> named.add(step.group()));
        return new SchemaViolation(field, violation.rule(), detail(violation.detail(), named));
    }

    public List<SchemaViolation> violations(List<SchemaViolation> violations) {
        return violations.stream().map(this::violation).toList();
    }

    /** An error text without what it quotes of the message, nor any identity code. */
    public String detail(String text) {
        return detail(text, Set.of());
    }

    private String detail(String text, Set<String> named) {
        if (text == null) {
            return null;
        }
        Matcher quoted = QUOTED.matcher(text);
        StringBuilder kept = new StringBuilder();
        while (quoted.find()) {
            String content = content(quoted);
            boolean said = JSON_LITERALS.contains(content) || named.contains(content);
            String replacement = !said && (inBody(content) || !isAscii(content))
                    ? quoted.group().replace(content, LEFT_OUT)
                    : quoted.group();
            quoted.appendReplacement(kept, Matcher.quoteReplacement(replacement));
        }
        quoted.appendTail(kept);
        return IDENTITY_CODE.matcher(kept).replaceAll(LEFT_OUT);
    }

    /**
     * Free text that may say anything of the message in any form, such as a mapping's error (a JSLT error() or a
     * Saxon error quoting what it could not convert, unquoted): as {@link #detail}, and every word the body holds as a
     * word too ("number(Meikäläinen) failed" becomes "number(…) failed"). Words joined by '/' or '.' count as one, so a
     * mapping's file name stays.
     */
    public String freeText(String text) {
        if (text == null) {
            return null;
        }
        Set<String> bodyWords = new HashSet<>();
        WORD.matcher(body).results().forEach(word -> bodyWords.add(word.group()));
        return WORD.matcher(detail(text)).replaceAll(word -> bodyWords.contains(word.group()) ? LEFT_OUT : Matcher.quoteReplacement(word.group()));
    }

    /**
     * A field (JSON Pointer, FHIR path or XML path) with each step that is not a plain name or index, or that holds
     * something shaped like an identity code, left out. Needs no body: the audit trail applies it to every field.
     */
    public static String field(String field) {
        if (field == null) {
            return null;
        }
        Matcher step = STEP.matcher(field);
        StringBuilder kept = new StringBuilder();
        while (step.find()) {
            boolean plain = PLAIN_STEP.matcher(step.group()).matches() && !IDENTITY_CODE.matcher(step.group()).find();
            step.appendReplacement(kept, Matcher.quoteReplacement(plain ? step.group() : LEFT_OUT));
        }
        step.appendTail(kept);
        return kept.toString();
    }

    /**
     * The text with everything shaped like a personal identity code replaced by {@code [identity code]}: for what an
     * admin is shown of sample outputs, which carry (synthetic) codes like any message.
     */
    public static String withoutIdentityCodes(String text) {
        return text == null ? null : IDENTITY_CODE.matcher(text).replaceAll("[identity code]");
    }

    /** Whether the text holds anything shaped like a personal identity code, valid or not. */
    public static boolean hasIdentityCode(String text) {
        return text != null && IDENTITY_CODE.matcher(text).find();
    }

    /** Whether the body holds {@code content} as a whole, not inside a longer word ("syy" is not in "terveyssyistä"). */
    private boolean inBody(String content) {
        return Pattern.compile("(?<![\\p{L}\\p{N}_])" + Pattern.quote(content) + "(?![\\p{L}\\p{N}_])").matcher(body).find();
    }

    private static String content(Matcher quoted) {
        for (int group = 1; group <= quoted.groupCount(); group++) {
            if (quoted.group(group) != null) {
                return quoted.group(group);
            }
        }
        throw new IllegalStateException("a quote without content");
    }

    private static boolean isAscii(String text) {
        return text.chars().allMatch(c -> c < 0x80);
    }
}
