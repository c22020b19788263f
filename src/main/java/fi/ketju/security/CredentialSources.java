package fi.ketju.security;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.env.Environment;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.stereotype.Component;

/**
 * Outside the sandbox profile the hub refuses to start unless partners have a real way to prove who they are: OAuth2
 * access tokens (an issuer, JWK set or public key configured) or client certificates enrolled for mutual TLS. The
 * sandbox's development tokens exist only in that profile. (The subject and audit keys stop the hub the same way where
 * they are used: SubjectKeys, PersonalDataCipher.)
 */
@Component
class CredentialSources {

    CredentialSources(Environment environment, ObjectProvider<JwtDecoder> jwtDecoder, ClientCertificates.Settings certificates) {
        if (!environment.matchesProfiles("sandbox") && jwtDecoder.getIfAvailable() == null
                && certificates.clientCertificates().isEmpty()) {
            throw new IllegalStateException("No partner credentials are configured, and the sandbox profile (with its "
                    + "development tokens) is not active. Configure OAuth2 access tokens with "
                    + "SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_ISSUER_URI (or _JWK_SET_URI, or _PUBLIC_KEY_LOCATION), "
                    + "or mutual TLS with server.ssl.* and ketju.security.client-certificates.<partner> "
                    + "(KETJU_SECURITY_CLIENTCERTIFICATES_<PARTNER>).");
        }
    }
}
