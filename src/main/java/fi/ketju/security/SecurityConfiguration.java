package fi.ketju.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import fi.ketju.mapping.SchemaViolation;
import fi.ketju.audit.AuditTrail;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;

/**
 * Who may use which door. Partners are bound to their own family's door (checked again at the door
 * against the sender named in the message); /sandbox/** is the simulated partners, present only in
 * the sandbox profile.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    /**
     * Spring Security would wrap each of its filters, and each authentication and authorization, in an observation for
     * every request: a cost on every message, and http.server.requests already times the whole request.
     */
    @Bean
    static SecurityObservationSettings noSecurityObservations() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http, TokenSettings tokens, ObjectMapper json,
            ObjectProvider<JwtDecoder> jwtDecoder, JwtPrincipals.Settings jwtClaims, ClientCertificates.Settings certificates,
            PartnerRateLimits.Settings rateLimits, AuditTrail auditTrail, List<RefusalFormat> doorFormats) throws Exception {
        Refusals refusals = new Refusals(json, auditTrail, doorFormats);
        AuthenticationEntryPoint unauthenticated = (request, response, e) -> refusals.refuse(request, response,
                HttpStatus.UNAUTHORIZED, "authentication",
                "Valid credentials are required: a bearer token (Authorization: Bearer <token>) or a client certificate.");
        if (jwtDecoder.getIfAvailable() != null) {
            // OAuth2 access tokens (JWT), when an issuer, JWK set or public key is configured. A sandbox token is left
            // to BearerTokenFilter rather than refused as a malformed JWT.
            DefaultBearerTokenResolver bearer = new DefaultBearerTokenResolver();
            BearerTokenResolver notStatic = request -> {
                String token = bearer.resolve(request);
                return token != null && tokens.tokens().containsKey(token) ? null : token;
            };
            http.oauth2ResourceServer(server -> server
                    .bearerTokenResolver(notStatic)
                    .authenticationEntryPoint(unauthenticated)
                    .jwt(jwt -> jwt.jwtAuthenticationConverter(new JwtPrincipals(jwtClaims))));
        }
        return http
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .httpBasic(basic -> basic.disable())
                .formLogin(form -> form.disable())
                .addFilterBefore(new ClientCertificates(certificates), AnonymousAuthenticationFilter.class)
                .addFilterBefore(new BearerTokenFilter(tokens), AnonymousAuthenticationFilter.class)
                .addFilterAfter(new PartnerRateLimits(rateLimits, (request, response, retryAfter) -> {
                    response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(retryAfter));
                    refusals.refuse(request, response, HttpStatus.TOO_MANY_REQUESTS, "rate-limit",
                            "Too many requests from this partner; send again after " + retryAfter + " s.");
                }), AnonymousAuthenticationFilter.class)
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/actuator/health/**", "/actuator/health", "/actuator/info", "/actuator/prometheus").permitAll()
                        .requestMatchers("/sandbox/**").permitAll()
                        .requestMatchers("/error").permitAll()
                        .requestMatchers("/v3/api-docs", "/v3/api-docs/**").permitAll()
                        // Swagger UI: served only where springdoc.swagger-ui.enabled (the sandbox profile), else 404;
                        // its webjar is never served as plain static files.
                        .requestMatchers("/swagger-ui.html", "/swagger-ui/**").permitAll()
                        .requestMatchers("/webjars/swagger-ui/**").denyAll()
                        .requestMatchers("/fhir/metadata").permitAll()
                        // The service-chain measures (fi.ketju.measure): aggregate figures, for analysts, admins and auditors.
                        .requestMatchers(HttpMethod.GET, "/api/v1/measures", "/api/v1/measures/**", "/fhir/Measure/**")
                        .hasAnyRole("ANALYST", "ADMIN", "AUDITOR")
                        .requestMatchers("/api/v1/social-care/**", "/api/v1/employment/**", "/fhir/**", "/xroad/**").hasRole("PARTNER")
                        .requestMatchers("/api/v1/admin/**").hasRole("ADMIN")
                        .requestMatchers("/api/v1/audit/**").hasRole("AUDITOR")
                        // An analyst reads the measures and nothing else.
                        .anyRequest().hasAnyRole("PARTNER", "ADMIN", "AUDITOR"))
                .exceptionHandling(errors -> errors
                        .authenticationEntryPoint(unauthenticated)
                        .accessDeniedHandler((request, response, e) -> refusals.refuse(request, response, HttpStatus.FORBIDDEN,
                                "authorisation", "This identity may not use " + request.getRequestURI() + ".")))
                .build();
    }

    /**
     * A refusal before any door: in the audit trail (where, and the rule; never the body), answered in the door's own
     * form (RefusalFormat) or as problem+json, naming the field (the credentials) and the rule.
     */
    private record Refusals(ObjectMapper json, AuditTrail auditTrail, List<RefusalFormat> doorFormats) {

        void refuse(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String rule, String detail)
                throws IOException {
            SchemaViolation error = new SchemaViolation("Authorization", rule, detail);
            auditTrail.recordRejected(request.getRequestURI(), List.of(error));
            response.setStatus(status.value());
            if (status == HttpStatus.UNAUTHORIZED) {
                response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
            }
            Optional<RefusalFormat> door = doorFormats.stream().filter(format -> format.covers(request)).findFirst();
            if (door.isPresent()) {
                door.get().write(request, response, status, error);
                return;
            }
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
            problem.setProperty("errors", List.of(error));
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            json.writeValue(response.getOutputStream(), problem);
        }
    }
}
