package fi.ketju.security;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.http.ResponseCookie;
import org.springframework.security.oauth2.client.web.AuthorizationRequestRepository;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;

/**
 * Where a console sign-in through OpenID Connect waits for the identity provider's answer (its state, nonce and PKCE
 * verifier). Not in the session: the session cookie is SameSite=Strict, and a browser does not send it on the
 * provider's redirect back, so the sign-in would never find its request. The browser carries a random key in a cookie
 * of its own instead, SameSite=Lax and only for the redirect's path, and the request stays here, for a few minutes.
 */
final class OidcSignIns implements AuthorizationRequestRepository<OAuth2AuthorizationRequest> {

    static final String REDIRECT_PATH = "/console/login/oauth2/code/";
    private static final String COOKIE = "KETJU_CONSOLE_SIGN_IN";
    /** Long enough to type a password at the provider; a sign-in not finished by then starts again. */
    private static final Duration PENDING = Duration.ofMinutes(5);
    /** Sign-ins under way at once; beyond, the oldest are given up (an unauthenticated caller can start them). */
    private static final int MAX_PENDING = 10_000;

    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final boolean secure;
    private final Clock clock;

    OidcSignIns(boolean secure, Clock clock) {
        this.secure = secure;
        this.clock = clock;
    }

    private record Pending(OAuth2AuthorizationRequest request, Instant until) {
    }

    @Override
    public OAuth2AuthorizationRequest loadAuthorizationRequest(HttpServletRequest request) {
        return key(request).map(pending::get)
                .filter(waiting -> waiting.until().isAfter(clock.instant()))
                .map(Pending::request)
                .filter(waiting -> waiting.getState().equals(request.getParameter(OAuth2ParameterNames.STATE)))
                .orElse(null);
    }

    @Override
    public void saveAuthorizationRequest(OAuth2AuthorizationRequest authorizationRequest, HttpServletRequest request,
            HttpServletResponse response) {
        if (authorizationRequest == null) {
            key(request).ifPresent(pending::remove);
            cookie(response, "", Duration.ZERO);
            return;
        }
        Instant now = clock.instant();
        pending.values().removeIf(waiting -> !waiting.until().isAfter(now));
        if (pending.size() >= MAX_PENDING) {
            pending.entrySet().stream().min(Map.Entry.comparingByValue((a, b) -> a.until().compareTo(b.until())))
                    .ifPresent(oldest -> pending.remove(oldest.getKey()));
        }
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String key = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        pending.put(key, new Pending(authorizationRequest, now.plus(PENDING)));
        cookie(response, key, PENDING);
    }

    @Override
    public OAuth2AuthorizationRequest removeAuthorizationRequest(HttpServletRequest request, HttpServletResponse response) {
        OAuth2AuthorizationRequest found = loadAuthorizationRequest(request);
        if (found != null) {
            key(request).ifPresent(pending::remove);
            cookie(response, "", Duration.ZERO);
        }
        return found;
    }

    private static Optional<String> key(HttpServletRequest request) {
        return Optional.ofNullable(request.getCookies()).stream().flatMap(Arrays::stream)
                .filter(cookie -> cookie.getName().equals(COOKIE)).map(Cookie::getValue).findFirst();
    }

    private void cookie(HttpServletResponse response, String value, Duration maxAge) {
        response.addHeader("Set-Cookie", ResponseCookie.from(COOKIE, value).path(REDIRECT_PATH).httpOnly(true)
                .secure(secure).sameSite("Lax").maxAge(maxAge).build().toString());
    }
}
