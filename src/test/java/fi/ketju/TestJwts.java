package fi.ketju;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;

/**
 * An OAuth2 issuer made at test time: an RSA key pair whose public key the hub trusts (HubTestSupport configures it as
 * the resource server's public-key-location), and access tokens signed with it, or with a key the hub does not know.
 */
public final class TestJwts {

    private static final KeyPair TRUSTED = TestKeys.rsa();
    private static final KeyPair UNKNOWN = TestKeys.rsa();

    private TestJwts() {
    }

    /** The trusted public key as PEM, written once under {@code dir}. */
    public static Path publicKeyFile(Path dir) {
        String pem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(TRUSTED.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
        try {
            return Files.writeString(dir.resolve("jwt-public-key.pem"), pem);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A valid token of the role ({@code partner}, {@code admin}, {@code auditor}); {@code partner} may be null. */
    public static String token(String role, String partner) {
        return sign(TRUSTED, role, partner, Instant.now().plus(Duration.ofMinutes(30)));
    }

    /** Signed by a key the hub does not trust. */
    public static String forged(String role, String partner) {
        return sign(UNKNOWN, role, partner, Instant.now().plus(Duration.ofMinutes(30)));
    }

    public static String expired(String role, String partner) {
        return sign(TRUSTED, role, partner, Instant.now().minus(Duration.ofHours(1)));
    }

    private static String sign(KeyPair key, String role, String partner, Instant expires) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .subject(partner == null ? role + "-user" : partner + "-system")
                .issueTime(new Date())
                .expirationTime(Date.from(expires))
                .claim("ketju_role", role);
        if (partner != null) {
            claims.claim("ketju_partner", partner);
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims.build());
        try {
            jwt.sign(new RSASSASigner(key.getPrivate()));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }
}
