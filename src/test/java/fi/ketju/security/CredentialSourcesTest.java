package fi.ketju.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.security.oauth2.jwt.JwtDecoder;

/** Outside the sandbox the hub does not start without a real credential source, and says what to set. */
class CredentialSourcesTest {

    private final ApplicationContextRunner hub = new ApplicationContextRunner()
            .withUserConfiguration(CredentialSources.class);

    @Test
    void productionWithoutCredentialsRefusesToStartNamingWhatToSet() {
        hub.withPropertyValues("spring.profiles.active=production")
                .withBean(ClientCertificates.Settings.class, () -> new ClientCertificates.Settings(Map.of()))
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_ISSUER_URI")
                        .hasMessageContaining("ketju.security.client-certificates"));
    }

    @Test
    void theSandboxStartsWithItsDevelopmentTokens() {
        hub.withPropertyValues("spring.profiles.active=sandbox")
                .withBean(ClientCertificates.Settings.class, () -> new ClientCertificates.Settings(Map.of()))
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void productionStartsWithEnrolledClientCertificates() {
        hub.withPropertyValues("spring.profiles.active=production")
                .withBean(ClientCertificates.Settings.class,
                        () -> new ClientCertificates.Settings(Map.of("kela", "CN=kela-system,O=Kela,C=FI")))
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void productionStartsWithAnOAuth2Issuer() {
        hub.withPropertyValues("spring.profiles.active=production")
                .withBean(ClientCertificates.Settings.class, () -> new ClientCertificates.Settings(Map.of()))
                .withBean(JwtDecoder.class, () -> mock(JwtDecoder.class))
                .run(context -> assertThat(context).hasNotFailed());
    }
}
