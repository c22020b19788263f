package fi.ketju.security;

/**
 * Who is calling: a partner system (bound to its partner family), an integration admin, an auditor or an analyst.
 * {@code partner} is null for the people.
 */
public record KetjuPrincipal(String name, Role role, String partner) {

    /** An analyst reads the service-chain measures (aggregate figures) and nothing else. */
    public enum Role { PARTNER, ADMIN, AUDITOR, ANALYST }

    public boolean isPartner(String family) {
        return role == Role.PARTNER && family.equals(partner);
    }
}
