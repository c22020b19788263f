package fi.ketju.security;

import java.util.List;
import java.util.Locale;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;

/**
 * Turns a verified OAuth2 access token (a JWT whose issuer and signature Spring Security has checked) into a
 * {@link KetjuPrincipal}: the role from one claim, the partner id from another (names in ketju.security.jwt), the name
 * from {@code sub}. A token without a known role, or a partner's token without its partner id, is refused (401).
 */
class JwtPrincipals implements Converter<Jwt, AbstractAuthenticationToken> {

    private final Settings settings;

    JwtPrincipals(Settings settings) {
        this.settings = settings;
    }

    @Override
    public AbstractAuthenticationToken convert(Jwt jwt) {
        KetjuPrincipal.Role role = role(jwt.getClaimAsString(settings.roleClaim()));
        String partner = jwt.getClaimAsString(settings.partnerClaim());
        if (role == KetjuPrincipal.Role.PARTNER && (partner == null || partner.isBlank())) {
            throw new InvalidBearerTokenException("a partner's token must name its partner in " + settings.partnerClaim());
        }
        KetjuPrincipal principal = new KetjuPrincipal(jwt.getSubject(), role, role == KetjuPrincipal.Role.PARTNER ? partner : null);
        return new UsernamePasswordAuthenticationToken(principal, jwt, List.of(new SimpleGrantedAuthority("ROLE_" + role.name())));
    }

    private KetjuPrincipal.Role role(String claim) {
        try {
            return KetjuPrincipal.Role.valueOf(claim == null ? "" : claim.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidBearerTokenException("the token's " + settings.roleClaim() + " must be partner, admin or auditor");
        }
    }

    /** The claims that carry the role and the partner id. */
    @ConfigurationProperties("ketju.security.jwt")
    record Settings(String roleClaim, String partnerClaim) {
    }
}
