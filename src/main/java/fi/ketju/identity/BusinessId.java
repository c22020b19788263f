package fi.ketju.identity;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Finnish business ID (Y-tunnus) {@code NNNNNNN-C} and its OID form. Rules as recorded in domain.md, section
 * "Identifiers". The Y-tunnus is also the X-Road member code, e.g. {@code FI/GOV/0246246-0/<subsystem>}.
 */
public final class BusinessId {

    private static final Pattern FORM = Pattern.compile("[0-9]{7}-[0-9]");
    private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2};
    /** Arc under which a business ID becomes an OID (domain.md). */
    private static final String OID_PREFIX = "1.2.246.10.";

    private BusinessId() {
    }

    /** Which rule the id breaks, or empty when it is a valid business ID. No trimming: the form is exact. */
    public static Optional<String> problem(String id) {
        if (id == null) {
            return Optional.of("is missing");
        }
        if (!FORM.matcher(id).matches()) {
            return Optional.of("must be NNNNNNN-C: 7 digits, hyphen, check digit");
        }
        int remainder = weightedSum(id) % 11;
        if (remainder == 1) {
            // 11 - 1 = 10 is not a digit, so such numbers are never issued.
            return Optional.of("weighted sum mod 11 is 1: no valid check digit exists");
        }
        char expected = (char) ('0' + (remainder == 0 ? 0 : 11 - remainder));
        char actual = id.charAt(8);
        if (actual != expected) {
            return Optional.of("check digit is '" + actual + "', expected '" + expected + "'");
        }
        return Optional.empty();
    }

    /**
     * The OID of a business ID: {@code 1.2.246.10.} + the eight digits without hyphen, as a number (an OID arc
     * has no leading zeros), e.g. {@code 0204819-8} → {@code 1.2.246.10.2048198}.
     *
     * @throws IllegalArgumentException if the id is not a valid business ID
     */
    public static String toOid(String id) {
        problem(id).ifPresent(problem -> {
            throw new IllegalArgumentException("business ID " + problem);
        });
        String digits = id.substring(0, 7) + id.charAt(8);
        return OID_PREFIX + Long.parseLong(digits);
    }

    private static int weightedSum(String id) {
        int sum = 0;
        for (int i = 0; i < WEIGHTS.length; i++) {
            sum += (id.charAt(i) - '0') * WEIGHTS[i];
        }
        return sum;
    }
}
