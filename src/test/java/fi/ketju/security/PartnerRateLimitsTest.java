package fi.ketju.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;

/** A partner sending faster than its limit gets 429 with Retry-After; another partner and an admin are not held back. */
class PartnerRateLimitsTest {

    private final PartnerRateLimits limits = new PartnerRateLimits(new PartnerRateLimits.Settings(1000, Map.of("kela", 2), 1),
            (request, response, retryAfter) -> {
                response.setStatus(429);
                response.setHeader("Retry-After", String.valueOf(retryAfter));
            });

    @AfterEach
    void forget() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void aPartnerOverItsLimitIsToldWhenToSendAgain() throws Exception {
        assertThat(call(partner("kela")).getStatus()).isEqualTo(200);
        assertThat(call(partner("kela")).getStatus()).isEqualTo(200);

        MockHttpServletResponse third = call(partner("kela"));

        assertThat(third.getStatus()).isEqualTo(429);
        assertThat(third.getHeader("Retry-After")).isEqualTo("1");
        assertThat(call(partner("social-care")).getStatus()).isEqualTo(200);
        assertThat(call(new KetjuPrincipal("admin", KetjuPrincipal.Role.ADMIN, null)).getStatus()).isEqualTo(200);
    }

    @Test
    void eachOfSeveralInstancesAllowsItsShareOfThePartnersLimit() {
        PartnerRateLimits.Settings threeInstances = new PartnerRateLimits.Settings(1000, Map.of("kela", 2), 3);

        assertThat(threeInstances.perSecond("social-care")).isEqualTo(334);
        assertThat(threeInstances.perSecond("kela")).as("never below one a second").isEqualTo(1);
        assertThat(new PartnerRateLimits.Settings(1000, Map.of(), 1).perSecond("kela")).isEqualTo(1000);
    }

    private static KetjuPrincipal partner(String partner) {
        return new KetjuPrincipal(partner, KetjuPrincipal.Role.PARTNER, partner);
    }

    private MockHttpServletResponse call(KetjuPrincipal principal) throws Exception {
        SecurityContextHolder.getContext().setAuthentication(new UsernamePasswordAuthenticationToken(principal, null, List.of()));
        MockHttpServletResponse response = new MockHttpServletResponse();
        limits.doFilter(new MockHttpServletRequest("POST", "/xroad/kela"), response, new MockFilterChain());
        return response;
    }
}
