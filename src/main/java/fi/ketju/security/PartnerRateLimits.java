package fi.ketju.security;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A request rate limit per partner (ketju.security.rate-limit): one partner sending too fast is answered 429 with
 * Retry-After, and cannot starve the others. Admins and auditors are not limited here. The limit is the hub's as a
 * whole: with several instances behind a load balancer, each allows its share (the limit divided by {@code instances},
 * rounded up), so a partner gets about its limit, not N times it, without the instances sharing a counter.
 */
class PartnerRateLimits extends OncePerRequestFilter {

    /** Answers a refused request (429, Retry-After in seconds). */
    interface Refusal {
        void refuse(HttpServletRequest request, HttpServletResponse response, long retryAfterSeconds) throws IOException;
    }

    private static final Duration PERIOD = Duration.ofSeconds(1);

    private final Settings settings;
    private final RateLimiterRegistry limiters = RateLimiterRegistry.ofDefaults();
    private final Refusal refusal;

    PartnerRateLimits(Settings settings, Refusal refusal) {
        this.settings = settings;
        this.refusal = refusal;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication caller = SecurityContextHolder.getContext().getAuthentication();
        if (caller != null && caller.getPrincipal() instanceof KetjuPrincipal principal && principal.partner() != null) {
            RateLimiter limiter = limiters.rateLimiter(principal.partner(), () -> RateLimiterConfig.custom()
                    .limitForPeriod(settings.perSecond(principal.partner()))
                    .limitRefreshPeriod(PERIOD)
                    .timeoutDuration(Duration.ZERO)
                    .build());
            if (!limiter.acquirePermission()) {
                // Permissions are renewed every period: after one, there are some again.
                refusal.refuse(request, response, PERIOD.toSeconds());
                return;
            }
        }
        chain.doFilter(request, response);
    }

    /**
     * Requests per second to the hub as a whole: {@code partners.<partner>}, else {@code per-second}; {@code instances}:
     * how many hub instances share them.
     */
    @ConfigurationProperties("ketju.security.rate-limit")
    record Settings(int perSecond, Map<String, Integer> partners, @DefaultValue("1") int instances) {

        Settings {
            partners = partners == null ? Map.of() : Map.copyOf(partners);
            if (instances < 1) {
                throw new IllegalArgumentException("ketju.security.rate-limit.instances (KETJU_INSTANCES) must be at least 1");
            }
        }

        /** This instance's share of the partner's limit. */
        int perSecond(String partner) {
            int hub = partners.getOrDefault(partner, perSecond);
            return Math.max(1, (hub + instances - 1) / instances);
        }
    }
}
