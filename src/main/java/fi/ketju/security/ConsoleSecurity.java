package fi.ketju.security;

import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.web.ServerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestCustomizers;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.header.writers.StaticHeadersWriter;
import jakarta.servlet.DispatcherType;

/**
 * The web console (/console/**): people in a browser, so unlike the API a session, CSRF tokens on every form and
 * headers that keep the pages out of frames, caches and foreign scripts. Ordered before the API's chain, which
 * matches everything else and stays stateless.
 */
@Configuration(proxyBeanMethods = false)
class ConsoleSecurity {

    static final String LOGIN = "/console/login";
    static final String ADMIN_HOME = "/console/";
    static final String AUDITOR_HOME = "/console/audit/verify";
    static final String ANALYST_HOME = "/console/measures";
    private static final String SIGNED_IN = "/console/signed-in";
    /** Scripts and styles only from the hub's own files (htmx is vendored): no inline script can run on a page. */
    private static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";

    @Bean
    @Order(1)
    SecurityFilterChain consoleFilterChain(HttpSecurity http, ConsoleUsers users, JwtPrincipals.Settings claims,
            ObjectProvider<ClientRegistrationRepository> oidcClients, ServerProperties server) throws Exception {
        http.securityMatcher("/console/**")
                .authorizeHttpRequests(requests -> requests
                        // The 403 page is a forward, the sign-in page and the stylesheet are for everyone.
                        .dispatcherTypeMatchers(DispatcherType.FORWARD, DispatcherType.ERROR).permitAll()
                        .requestMatchers(LOGIN, "/console/console.css", "/console/htmx.min.js").permitAll()
                        .requestMatchers("/console/audit", "/console/audit/**").hasRole("AUDITOR")
                        .requestMatchers("/console/measures").hasAnyRole("ANALYST", "ADMIN", "AUDITOR")
                        .anyRequest().hasRole("ADMIN"))
                .exceptionHandling(errors -> errors.accessDeniedPage("/console/denied"))
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                        .frameOptions(frames -> frames.deny())
                        // Spring's default says no-cache too; the pages may show what only one role may see.
                        .cacheControl(cache -> cache.disable())
                        .addHeaderWriter(new StaticHeadersWriter("Cache-Control", "no-store")))
                .logout(logout -> logout.logoutUrl("/console/logout").logoutSuccessUrl(LOGIN + "?signed-out"));
        // The session's idle timeout and its cookie (HttpOnly, SameSite=Strict, Secure) are server.servlet.session.*.
        if (!users.users().isEmpty()) {
            http.userDetailsService(formUsers(users))
                    .formLogin(form -> form.loginPage(LOGIN).successHandler(landing()).failureUrl(LOGIN + "?error").permitAll());
        } else {
            http.exceptionHandling(errors -> errors.authenticationEntryPoint(
                    (request, response, e) -> response.sendRedirect(request.getContextPath() + LOGIN)));
        }
        ClientRegistrationRepository clients = oidcClients.getIfAvailable();
        if (clients != null) {
            // Authorization code with PKCE against the partners' issuer; the role from the same claim as their tokens.
            DefaultOAuth2AuthorizationRequestResolver pkce = new DefaultOAuth2AuthorizationRequestResolver(clients,
                    "/console/oauth2/authorization");
            pkce.setAuthorizationRequestCustomizer(OAuth2AuthorizationRequestCustomizers.withPkce());
            OidcSignIns signIns = new OidcSignIns(Boolean.TRUE.equals(server.getServlet().getSession().getCookie().getSecure()),
                    Clock.systemUTC());
            http.oauth2Login(oidc -> oidc.loginPage(LOGIN)
                    .authorizationEndpoint(endpoint -> endpoint.authorizationRequestResolver(pkce).authorizationRequestRepository(signIns))
                    .redirectionEndpoint(endpoint -> endpoint.baseUri(OidcSignIns.REDIRECT_PATH + "*"))
                    .userInfoEndpoint(info -> info.oidcUserService(request -> withRole(request, claims)))
                    // Arrived by the provider's redirect, the browser would not send the new (Strict) session cookie
                    // on a further redirect: a page of the console's own sends it on (console/signed-in).
                    .successHandler((request, response, authentication) -> request.getRequestDispatcher(SIGNED_IN)
                            .forward(request, response))
                    .failureUrl(LOGIN + "?error"));
        }
        return http.build();
    }

    /** Each role lands on its own first page: the other's would be a 403. */
    private static AuthenticationSuccessHandler landing() {
        return (request, response, authentication) -> response.sendRedirect(request.getContextPath()
                + (hasRole(authentication, KetjuPrincipal.Role.AUDITOR) ? AUDITOR_HOME
                        : hasRole(authentication, KetjuPrincipal.Role.ANALYST) ? ANALYST_HOME : ADMIN_HOME));
    }

    private static boolean hasRole(Authentication authentication, KetjuPrincipal.Role role) {
        return authentication.getAuthorities().stream().anyMatch(a -> a.getAuthority().equals("ROLE_" + role.name()));
    }

    /**
     * The form users, their passwords hashed (BCrypt) beside the start rather than in its way: hashing is slow by design,
     * and the sandbox's three users took about a second of the main thread's start (a flight recording of the
     * benchmark's start). A sign-in before they are hashed waits for it.
     */
    private static UserDetailsService formUsers(ConsoleUsers users) {
        CompletableFuture<InMemoryUserDetailsManager> hashed = CompletableFuture.supplyAsync(() -> {
            PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
            return new InMemoryUserDetailsManager(users.users().entrySet().stream()
                    .map(user -> User.withUsername(user.getKey())
                            .password(encoder.encode(user.getValue().password()))
                            .roles(person(user.getValue().role()).name())
                            .build())
                    .toList());
        });
        return username -> hashed.join().loadUserByUsername(username);
    }

    /** The ID token's role claim, as a partner's access token carries it: admin, auditor or analyst, anything else refused. */
    static OidcUser withRole(OidcUserRequest request, JwtPrincipals.Settings claims) {
        OidcUser user = new OidcUserService().loadUser(request);
        String claim = Optional.ofNullable(user.getClaimAsString(claims.roleClaim())).orElse("");
        KetjuPrincipal.Role role;
        try {
            role = person(KetjuPrincipal.Role.valueOf(claim.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            throw new OAuth2AuthenticationException(new OAuth2Error("access_denied",
                    "the console is for admins, auditors and analysts (" + claims.roleClaim() + ")", null));
        }
        List<GrantedAuthority> authorities = List.of(new SimpleGrantedAuthority("ROLE_" + role.name()));
        return new DefaultOidcUser(authorities, user.getIdToken(), user.getUserInfo());
    }

    /** A partner is a system: it has no console role. */
    private static KetjuPrincipal.Role person(KetjuPrincipal.Role role) {
        if (role == null || role == KetjuPrincipal.Role.PARTNER) {
            throw new IllegalArgumentException("a console user is an admin, an auditor or an analyst");
        }
        return role;
    }
}
