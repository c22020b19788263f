package fi.ketju.console;

import static fi.ketju.HubTestSupport.BASE;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One person's console session over HTTP, without a browser: signs in through the form, keeps the session cookie, reads
 * the CSRF token of a page. The cookie is kept by hand: Java's CookieManager withholds a Secure cookie from http://,
 * which a browser sends to localhost. Redirects are not followed, and every URL asked and Location answered is kept,
 * for tests of what an address may hold.
 */
final class ConsoleSession {

    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private final List<String> addresses = new ArrayList<>();
    private String cookie;

    /** A session signed in as {@code user} (password sandbox). */
    static ConsoleSession signedIn(String user) {
        ConsoleSession session = new ConsoleSession();
        HttpResponse<String> answer = session.post("/console/login",
                Map.of("username", user, "password", "sandbox", "_csrf", csrf(session.get("/console/login").body())));
        assertThat(answer.statusCode()).as("signed in as " + user).isEqualTo(302);
        return session;
    }

    /** The CSRF token of a page's form. */
    static String csrf(String html) {
        Matcher token = CSRF.matcher(html);
        assertThat(token.find()).as("a CSRF field in the page").isTrue();
        return token.group(1);
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(BASE + path)).GET());
    }

    /** A form posted as a browser posts it; the CSRF token is a field like any other. */
    HttpResponse<String> post(String path, Map<String, String> form) {
        String body = new LinkedHashMap<>(form).entrySet().stream()
                .map(field -> field.getKey() + "=" + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create(BASE + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** Every URL this session asked for and every Location it was answered. */
    List<String> addresses() {
        return List.copyOf(addresses);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            addresses.add(response.uri().toString());
            response.headers().firstValue("Location").ifPresent(addresses::add);
            response.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("KETJU_CONSOLE_SESSION="))
                    .findFirst().ifPresent(c -> cookie = c.substring(0, c.indexOf(';')));
            return response;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
