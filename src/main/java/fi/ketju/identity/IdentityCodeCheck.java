package fi.ketju.identity;

import java.time.LocalDate;

/**
 * Outcome of {@link PersonalIdentityCode#check(String)}: either a kind and birth date, or a problem.
 *
 * <p>Exactly one side is filled, so a caller can never read a birth date from a rejected code. The
 * outcome carries no gender: a later reform removes that meaning from the code (domain.md, "Identifiers"),
 * so nothing downstream may depend on it.
 *
 * @param kind      whether the individual number is a personal (002–899) or a temporary/test (900–999) one;
 *                  null when invalid
 * @param birthDate the birth date the code encodes; null when invalid
 * @param problem   which rule the code breaks, short English; null when valid
 */
public record IdentityCodeCheck(Kind kind, LocalDate birthDate, String problem) {

    /** The class of code, from the individual number ZZZ. */
    public enum Kind {
        /** Individual number 002–899: a person's permanent code. */
        PERSONAL,
        /** Individual number 900–999: a temporary or a test code, never a permanent one. */
        TEMPORARY
    }

    public IdentityCodeCheck {
        boolean accepted = kind != null && birthDate != null && problem == null;
        boolean rejected = kind == null && birthDate == null && problem != null;
        if (!accepted && !rejected) {
            throw new IllegalArgumentException("either kind and birthDate, or problem, must be set");
        }
    }

    static IdentityCodeCheck accepted(Kind kind, LocalDate birthDate) {
        return new IdentityCodeCheck(kind, birthDate, null);
    }

    static IdentityCodeCheck rejected(String problem) {
        return new IdentityCodeCheck(null, null, problem);
    }

    public boolean valid() {
        return problem == null;
    }
}
