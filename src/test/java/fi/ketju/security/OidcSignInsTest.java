package fi.ketju.security;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.Cookie;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;

/** The console's OpenID Connect sign-in found again by its own Lax cookie, not by the Strict session cookie. */
class OidcSignInsTest {

    private static final Instant NOW = Instant.parse("2026-01-31T12:00:00Z");

    private final OAuth2AuthorizationRequest started = OAuth2AuthorizationRequest.authorizationCode()
            .authorizationUri("https://idp.example/authorize").clientId("ketju-console")
            .redirectUri("https://hub.example/console/login/oauth2/code/ketju").state("the-state").build();

    @Test
    void theProvidersRedirectBackFindsTheSignInByItsCookieAndStateOnce() {
        OidcSignIns signIns = new OidcSignIns(true, Clock.fixed(NOW, ZoneOffset.UTC));
        MockHttpServletResponse start = new MockHttpServletResponse();
        signIns.saveAuthorizationRequest(started, new MockHttpServletRequest(), start);
        String setCookie = start.getHeader("Set-Cookie");
        assertThat(setCookie).contains("Path=/console/login/oauth2/code/", "HttpOnly", "Secure", "SameSite=Lax", "Max-Age=300");

        MockHttpServletRequest wrongState = callback(setCookie, "another-state");
        assertThat(signIns.loadAuthorizationRequest(wrongState)).isNull();
        assertThat(signIns.loadAuthorizationRequest(callback(null, "the-state"))).isNull();

        MockHttpServletResponse back = new MockHttpServletResponse();
        assertThat(signIns.removeAuthorizationRequest(callback(setCookie, "the-state"), back)).isEqualTo(started);
        assertThat(back.getHeader("Set-Cookie")).contains("Max-Age=0");
        assertThat(signIns.loadAuthorizationRequest(callback(setCookie, "the-state"))).isNull();
    }

    @Test
    void aSignInNotFinishedInFiveMinutesIsGone() {
        Instant[] now = {NOW};
        Clock moving = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now[0];
            }
        };
        OidcSignIns signIns = new OidcSignIns(false, moving);
        MockHttpServletResponse start = new MockHttpServletResponse();
        signIns.saveAuthorizationRequest(started, new MockHttpServletRequest(), start);
        assertThat(start.getHeader("Set-Cookie")).doesNotContain("Secure");
        now[0] = NOW.plus(Duration.ofMinutes(6));
        assertThat(signIns.loadAuthorizationRequest(callback(start.getHeader("Set-Cookie"), "the-state"))).isNull();
    }

    private static MockHttpServletRequest callback(String setCookie, String state) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/console/login/oauth2/code/ketju");
        request.setParameter("state", state);
        if (setCookie != null) {
            String pair = setCookie.substring(0, setCookie.indexOf(';'));
            request.setCookies(new Cookie(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1)));
        }
        return request;
    }
}
