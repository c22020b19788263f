package fi.ketju.security;

/**
 * Who is calling: a partner system (bound to its partner family), an integration admin or an auditor.
 * {@code partner} is null for admins and auditors.
 */
public record KetjuPrincipal(String name, Role role, String partner) {

    public enum Role { PARTNER, ADMIN, AUDITOR }

    public boolean isPartner(String family) {
        return role == Role.PARTNER && family.equals(partner);
    }
}
