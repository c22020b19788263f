package fi.ketju.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.security.auth.x500.X500Principal;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Mutual TLS, as X-Road members authenticate: the server (server.ssl.client-auth=want and a trust store) has already
 * checked that the client certificate chains to a trusted CA; this maps it to a partner by
 * ketju.security.client-certificates.{partner}, either the certificate's subject ("CN=...,O=...") or the SHA-256
 * fingerprint of the certificate (hex, colons allowed). A trusted certificate mapped to no partner authenticates nobody.
 */
class ClientCertificates extends OncePerRequestFilter {

    private static final String CERTIFICATES = "jakarta.servlet.request.X509Certificate";

    private final Settings settings;

    ClientCertificates(Settings settings) {
        this.settings = settings;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getAttribute(CERTIFICATES) instanceof X509Certificate[] certificates && certificates.length > 0) {
            partnerOf(certificates[0]).ifPresent(partner -> {
                KetjuPrincipal principal = new KetjuPrincipal(partner, KetjuPrincipal.Role.PARTNER, partner);
                SecurityContextHolder.getContext().setAuthentication(new UsernamePasswordAuthenticationToken(principal,
                        certificates[0], List.of(new SimpleGrantedAuthority("ROLE_" + KetjuPrincipal.Role.PARTNER.name()))));
            });
        }
        chain.doFilter(request, response);
    }

    Optional<String> partnerOf(X509Certificate certificate) {
        String subject = certificate.getSubjectX500Principal().getName(X500Principal.RFC2253);
        String fingerprint = fingerprint(certificate);
        return settings.clientCertificates().entrySet().stream()
                .filter(enrolled -> matches(enrolled.getValue(), subject, fingerprint))
                .map(Map.Entry::getKey)
                .findFirst();
    }

    private static boolean matches(String enrolled, String subject, String fingerprint) {
        String hex = enrolled.replace(":", "").toLowerCase(Locale.ROOT);
        if (hex.matches("[0-9a-f]{64}")) {
            return hex.equals(fingerprint);
        }
        return new X500Principal(enrolled).getName(X500Principal.RFC2253).equals(subject);
    }

    private static String fingerprint(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("cannot fingerprint a client certificate", e);
        }
    }

    /** Partner id to the subject or SHA-256 fingerprint of its client certificate. */
    @ConfigurationProperties("ketju.security")
    record Settings(Map<String, String> clientCertificates) {

        Settings {
            clientCertificates = clientCertificates == null ? Map.of() : Map.copyOf(clientCertificates);
        }
    }
}
