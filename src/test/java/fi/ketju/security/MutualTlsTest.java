package fi.ketju.security;

import static org.assertj.core.api.Assertions.assertThat;

import fi.ketju.HubTestSupport;
import fi.ketju.KetjuApplication;
import fi.ketju.TestKeys;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.security.auth.x500.X500Principal;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Mutual TLS with certificates made at test time (no key is kept in the repository): a test CA, the hub's server
 * certificate, and client certificates, one enrolled by subject, one by SHA-256 fingerprint, one trusted by the CA but
 * enrolled for no partner.
 */
@CamelSpringBootTest
@SpringBootTest(classes = KetjuApplication.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class MutualTlsTest {

    private static final int PORT = HubTestSupport.freePort();
    private static final char[] PASSWORD = "test-only".toCharArray();
    private static final Path DIR = HubTestSupport.DATA_DIR.resolve("mtls");
    private static final String SOCIAL_CARE_SUBJECT = "CN=social-care-system,O=Esimerkin hyvinvointialue,C=FI";

    private static final Issued CA = Issued.authority();
    private static final Issued SERVER = CA.issue("CN=localhost", true);
    private static final Issued SOCIAL_CARE = CA.issue(SOCIAL_CARE_SUBJECT, false);
    private static final Issued EMPLOYMENT = CA.issue("CN=employment-system,O=Esimerkin tyollisyysalue,C=FI", false);
    private static final Issued STRANGER = CA.issue("CN=stranger,C=FI", false);

    @DynamicPropertySource
    static void tlsHub(DynamicPropertyRegistry registry) throws Exception {
        HubTestSupport.hubProperties(registry);
        Files.createDirectories(DIR);
        Path keyStore = SERVER.keyStore(DIR.resolve("server.p12"));
        Path trustStore = CA.trustStore(DIR.resolve("trust.p12"));
        registry.add("server.port", () -> PORT);
        registry.add("ketju.data-dir", () -> DIR.resolve("data").toString());
        registry.add("server.ssl.enabled", () -> "true");
        registry.add("server.ssl.client-auth", () -> "want");
        registry.add("server.ssl.key-store", () -> "file:" + keyStore);
        registry.add("server.ssl.key-store-password", () -> new String(PASSWORD));
        registry.add("server.ssl.key-store-type", () -> "PKCS12");
        registry.add("server.ssl.trust-store", () -> "file:" + trustStore);
        registry.add("server.ssl.trust-store-password", () -> new String(PASSWORD));
        registry.add("server.ssl.trust-store-type", () -> "PKCS12");
        registry.add("ketju.security.client-certificates.social-care", () -> SOCIAL_CARE_SUBJECT);
        registry.add("ketju.security.client-certificates.employment", () -> EMPLOYMENT.fingerprint());
    }

    @Test
    void anEnrolledCertificateOpensItsPartnersDoor() throws Exception {
        assertThat(referral(SOCIAL_CARE).statusCode()).isIn(200, 202);
    }

    @Test
    void aCertificateEnrolledByFingerprintIsItsPartner() throws Exception {
        HttpResponse<String> response = send(EMPLOYMENT, "/api/v1/employment/messages",
                HubTestSupport.sample("employment/samples/referral.json"));
        assertThat(response.statusCode()).as(response.body()).isIn(200, 202);
    }

    @Test
    void anotherPartnersCertificateIsForbiddenAtTheDoor() throws Exception {
        assertThat(send(EMPLOYMENT, "/api/v1/social-care/messages", HubTestSupport.sample("social-care/samples/referral.json"))
                .statusCode()).isEqualTo(403);
    }

    @Test
    void aTrustedButUnenrolledCertificateAuthenticatesNobody() throws Exception {
        assertThat(referral(STRANGER).statusCode()).isEqualTo(401);
    }

    @Test
    void noCertificateAndNoTokenIsUnauthenticated() throws Exception {
        assertThat(referral(null).statusCode()).isEqualTo(401);
    }

    private static HttpResponse<String> referral(Issued client) throws Exception {
        return send(client, "/api/v1/social-care/messages", HubTestSupport.sample("social-care/samples/referral.json"));
    }

    private static HttpResponse<String> send(Issued client, String path, String body) throws Exception {
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        KeyStore clientStore = KeyStore.getInstance("PKCS12");
        clientStore.load(null, null);
        if (client != null) {
            clientStore.setKeyEntry("client", client.key.getPrivate(), PASSWORD, new X509Certificate[] {client.certificate});
        }
        keys.init(clientStore, PASSWORD);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(CA.asTrustStore());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
        HttpClient http = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(5)).build();
        return http.send(HttpRequest.newBuilder(URI.create("https://localhost:" + PORT + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A key pair and its certificate, with the authority that signed it. */
    record Issued(KeyPair key, X509Certificate certificate) {

        static Issued authority() {
            KeyPair key = TestKeys.rsa();
            return new Issued(key, sign("CN=Ketju Test CA,C=FI", key, "CN=Ketju Test CA,C=FI", key, true, false));
        }

        Issued issue(String subject, boolean server) {
            KeyPair subjectKey = TestKeys.rsa();
            return new Issued(subjectKey, sign(certificate.getSubjectX500Principal().getName(), key, subject, subjectKey, false,
                    server));
        }

        String fingerprint() {
            try {
                return HexFormat.ofDelimiter(":").formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        Path keyStore(Path file) throws GeneralSecurityException, IOException {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("hub", key.getPrivate(), PASSWORD, new X509Certificate[] {certificate, CA.certificate});
            return write(store, file);
        }

        Path trustStore(Path file) throws GeneralSecurityException, IOException {
            return write(asTrustStore(), file);
        }

        KeyStore asTrustStore() throws GeneralSecurityException, IOException {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("ca", certificate);
            return store;
        }

        private static Path write(KeyStore store, Path file) throws GeneralSecurityException, IOException {
            try (OutputStream out = Files.newOutputStream(file)) {
                store.store(out, PASSWORD);
            }
            return file;
        }

        private static X509Certificate sign(String issuer, KeyPair issuerKey, String subject, KeyPair subjectKey, boolean ca,
                boolean server) {
            try {
                Instant now = Instant.now();
                // Names as the JDK encodes them (RFC 2253: the most specific first when written, last when encoded).
                X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name(issuer),
                        BigInteger.valueOf(now.toEpochMilli()).add(BigInteger.valueOf(System.nanoTime() & 0xffff)),
                        Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(Duration.ofDays(1))),
                        name(subject), subjectKey.getPublic());
                builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
                if (server) {
                    builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                            new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
                }
                return new JcaX509CertificateConverter().getCertificate(
                        builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(issuerKey.getPrivate())));
            } catch (Exception e) {
                throw new IllegalStateException("cannot make a test certificate", e);
            }
        }

        private static X500Name name(String rfc2253) {
            return X500Name.getInstance(new X500Principal(rfc2253).getEncoded());
        }
    }
}
