package fi.ketju.identity;

import java.time.DateTimeException;
import java.time.LocalDate;

/**
 * Finnish personal identity code (henkilötunnus, HETU) {@code DDMMYYCZZZQ}, per Decree 128/2010 as amended by
 * 690/2022 (century signs {@code Y X W V U} and {@code B C D E F} from 1.1.2023). Rules as recorded in
 * domain.md, section "Identifiers".
 *
 * <p>The check is strict: exactly 11 characters, uppercase, no trimming. A code that only passes after
 * clean-up is a different string from the one the sender holds, and the hub must not silently change it.
 */
public final class PersonalIdentityCode {

    private static final int LENGTH = 11;
    private static final String FORM = "must be 11 characters DDMMYYCZZZQ";
    /** Indexed by DDMMYYZZZ, as one number, mod 31; the century sign does not enter the check. */
    private static final String CHECK_CHARACTERS = "0123456789ABCDEFHJKLMNPRSTUVWXY";
    private static final int FIRST_TEMPORARY_NUMBER = 900;

    private PersonalIdentityCode() {
    }

    /**
     * Checks a code against every rule of the decree: form, century sign, individual number, date and check
     * character, in that order; the first broken rule is reported.
     *
     * <p>Problem texts quote at most a date that does not exist, the individual number 000/001 or single
     * characters, never the whole code nor a real birth date, so they may be logged.
     */
    public static IdentityCodeCheck check(String code) {
        if (code == null) {
            return IdentityCodeCheck.rejected("is missing");
        }
        if (code.length() != LENGTH) {
            return IdentityCodeCheck.rejected(FORM + ", got " + code.length());
        }
        if (code.chars().anyMatch(Character::isLowerCase)) {
            return IdentityCodeCheck.rejected("must be uppercase");
        }
        String datePart = code.substring(0, 6);
        String individualPart = code.substring(7, 10);
        if (!isAsciiDigits(datePart)) {
            return IdentityCodeCheck.rejected("DDMMYY must be 6 digits");
        }
        if (!isAsciiDigits(individualPart)) {
            return IdentityCodeCheck.rejected("individual number ZZZ must be 3 digits");
        }
        char centurySign = code.charAt(6);
        Integer century = centuryOf(centurySign);
        if (century == null) {
            return IdentityCodeCheck.rejected("unknown century sign '" + centurySign + "'");
        }
        int individualNumber = Integer.parseInt(individualPart);
        if (individualNumber < 2) {
            return IdentityCodeCheck.rejected(
                    "individual number " + individualPart + " is not allowed (002-999)");
        }
        int year = century + Integer.parseInt(datePart.substring(4, 6));
        LocalDate birthDate;
        try {
            birthDate = LocalDate.of(year,
                    Integer.parseInt(datePart.substring(2, 4)),
                    Integer.parseInt(datePart.substring(0, 2)));
        } catch (DateTimeException notACalendarDate) {
            return IdentityCodeCheck.rejected("date " + datePart + " does not exist (year " + year + ")");
        }
        char expected = CHECK_CHARACTERS.charAt(Integer.parseInt(datePart + individualPart) % 31);
        char actual = code.charAt(10);
        if (actual != expected) {
            return IdentityCodeCheck.rejected(
                    "check character is '" + actual + "', expected '" + expected + "'");
        }
        IdentityCodeCheck.Kind kind = individualNumber >= FIRST_TEMPORARY_NUMBER
                ? IdentityCodeCheck.Kind.TEMPORARY
                : IdentityCodeCheck.Kind.PERSONAL;
        return IdentityCodeCheck.accepted(kind, birthDate);
    }

    /**
     * A log-safe stand-in for a code: {@code ******} + century sign + {@code ****}, e.g. {@code ******-****}.
     *
     * <p>Logs must never carry identity codes: a code names a person and gives away their birth date. The
     * century sign alone identifies no one and still shows whether one of the signs added in 2023 was involved.
     * Any input that is not 11 characters, or whose seventh character is not a century sign, is masked
     * wholly: {@code ***********}. Null gives {@code null}, so a missing value stays visible.
     */
    public static String mask(String code) {
        if (code == null) {
            return "null";
        }
        boolean keepCenturySign = code.length() == LENGTH && centuryOf(code.charAt(6)) != null;
        return "******" + (keepCenturySign ? code.charAt(6) : '*') + "****";
    }

    /** First year of the century a sign stands for, or null for an unknown sign. */
    private static Integer centuryOf(char centurySign) {
        return switch (centurySign) {
            case '+' -> 1800;
            case '-', 'Y', 'X', 'W', 'V', 'U' -> 1900;
            case 'A', 'B', 'C', 'D', 'E', 'F' -> 2000;
            default -> null;
        };
    }

    /** ASCII only: Character.isDigit would let other scripts' digits through. */
    private static boolean isAsciiDigits(String text) {
        return text.chars().allMatch(c -> c >= '0' && c <= '9');
    }
}
