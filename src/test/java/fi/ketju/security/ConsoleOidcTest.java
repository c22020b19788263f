package fi.ketju.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.servlet.Filter;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.security.oauth2.client.servlet.OAuth2ClientAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration;
import org.springframework.boot.autoconfigure.web.ServerProperties;
import org.springframework.boot.autoconfigure.web.servlet.WebMvcAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

/**
 * The console's production sign-in with an OpenID Connect registration configured: the browser is sent to the
 * provider with a PKCE challenge, and the request waits under the console's own cookie (no identity provider runs
 * here; the sign-in's end is the browser's). Without a registration the chain starts too (ConsoleTest, sandbox).
 */
class ConsoleOidcTest {

    private final WebApplicationContextRunner hub = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SecurityAutoConfiguration.class, OAuth2ClientAutoConfiguration.class,
                    WebMvcAutoConfiguration.class))
            .withUserConfiguration(ConsoleSecurity.class)
            .withBean(ConsoleUsers.class, () -> new ConsoleUsers(Map.of()))
            .withBean(JwtPrincipals.Settings.class, () -> new JwtPrincipals.Settings("ketju_role", "ketju_partner"))
            .withBean(ServerProperties.class, ServerProperties::new)
            .withPropertyValues(
                    "spring.security.oauth2.client.registration.ketju.client-id=ketju-console",
                    "spring.security.oauth2.client.registration.ketju.client-secret=not-a-secret",
                    "spring.security.oauth2.client.registration.ketju.scope=openid",
                    "spring.security.oauth2.client.registration.ketju.authorization-grant-type=authorization_code",
                    "spring.security.oauth2.client.registration.ketju.redirect-uri={baseUrl}/console/login/oauth2/code/{registrationId}",
                    "spring.security.oauth2.client.provider.ketju.authorization-uri=https://idp.example/authorize",
                    "spring.security.oauth2.client.provider.ketju.token-uri=https://idp.example/token",
                    "spring.security.oauth2.client.provider.ketju.jwk-set-uri=https://idp.example/jwks");

    @Test
    void signingInGoesToTheProviderWithPkceAndComesBackToTheConsole() {
        hub.run(context -> {
            MockMvc console = MockMvcBuilders.webAppContextSetup(context)
                    .addFilters(context.getBean("springSecurityFilterChain", Filter.class)).build();
            MockHttpServletResponse start = console.perform(MockMvcRequestBuilders.get("/console/oauth2/authorization/ketju"))
                    .andReturn().getResponse();
            assertThat(start.getStatus()).isEqualTo(302);
            assertThat(start.getRedirectedUrl()).startsWith("https://idp.example/authorize?")
                    .contains("code_challenge=", "code_challenge_method=S256", "scope=openid",
                            "redirect_uri=http://localhost/console/login/oauth2/code/ketju");
            assertThat(start.getHeader("Set-Cookie")).startsWith("KETJU_CONSOLE_SIGN_IN=").contains("SameSite=Lax");

            MockHttpServletResponse page = console.perform(MockMvcRequestBuilders.get("/console/")).andReturn().getResponse();
            assertThat(page.getRedirectedUrl()).endsWith("/console/login");
        });
    }
    @Test
    void theRoleComesFromTheSameClaimAsInTheTokensAndOnlyPeopleMaySignIn() {
        JwtPrincipals.Settings claims = new JwtPrincipals.Settings("ketju_role", "ketju_partner");
        assertThat(ConsoleSecurity.withRole(signIn("auditor"), claims).getAuthorities())
                .extracting(GrantedAuthority::getAuthority).containsExactly("ROLE_AUDITOR");
        assertThat(ConsoleSecurity.withRole(signIn("admin"), claims).getName()).isEqualTo("person-1");
        for (String refused : new String[] {"partner", "nobody"}) {
            assertThatThrownBy(() -> ConsoleSecurity.withRole(signIn(refused), claims))
                    .isInstanceOf(OAuth2AuthenticationException.class);
        }
    }

    private static OidcUserRequest signIn(String role) {
        ClientRegistration registration = ClientRegistration.withRegistrationId("ketju").clientId("ketju-console")
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .redirectUri("{baseUrl}/console/login/oauth2/code/{registrationId}").scope("openid")
                .authorizationUri("https://idp.example/authorize").tokenUri("https://idp.example/token")
                .jwkSetUri("https://idp.example/jwks").userNameAttributeName("sub").build();
        Instant now = Instant.now();
        OidcIdToken idToken = OidcIdToken.withTokenValue("id-token").subject("person-1").issuedAt(now)
                .expiresAt(now.plusSeconds(60)).claim("ketju_role", role).build();
        return new OidcUserRequest(registration,
                new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, "access", now, now.plusSeconds(60)), idToken);
    }
}
