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
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.web.util.HtmlUtils;

/**
 * One signed-in person's session with the console over plain HTTP, without a browser. The cookie is kept by hand:
 * Java's CookieManager withholds a Secure cookie from http://, which a browser sends to localhost. Redirects are not
 * followed, and every URL asked and Location answered is kept, for tests of what an address may hold.
 */
final class ConsoleClient {

    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private final List<String> addresses = new ArrayList<>();
    private String session;
    private String csrf;

    static ConsoleClient signedIn(String user) {
        ConsoleClient client = new ConsoleClient();
        client.csrf = csrf(client.get("/console/login").body());
        HttpResponse<String> answer = client.post("/console/login", List.of(Map.entry("username", user), Map.entry("password", "sandbox")));
        assertThat(answer.statusCode()).as("signed in as " + user).isEqualTo(302);
        // The session's token, as each of its pages carries it.
        client.csrf = csrf(client.get("/console/login").body());
        return client;
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(BASE + path)).GET());
    }

    /** A form posted with the session's CSRF token, as the console's own forms post. */
    HttpResponse<String> post(String path, List<Map.Entry<String, String>> fields) {
        return post(path, fields, true);
    }

    /** A form posted as a browser posts it: exactly these fields, a CSRF token among them or not. */
    HttpResponse<String> postForm(String path, Map<String, String> form) {
        return post(path, List.copyOf(form.entrySet()), false);
    }

    /** Every URL this session asked for and every Location it was answered. */
    List<String> addresses() {
        return List.copyOf(addresses);
    }

    /** A form posted without any CSRF token, as a page of another site could. */
    HttpResponse<String> postWithoutCsrf(String path, List<Map.Entry<String, String>> fields) {
        return post(path, fields, false);
    }

    private HttpResponse<String> post(String path, List<Map.Entry<String, String>> fields, boolean withCsrf) {
        String body = fields.stream().map(field -> encode(field.getKey()) + "=" + encode(field.getValue()))
                .collect(Collectors.joining("&"));
        if (withCsrf && csrf != null) {
            body = (body.isEmpty() ? "" : body + "&") + "_csrf=" + encode(csrf);
        }
        return send(HttpRequest.newBuilder(URI.create(BASE + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** The value of the page's hidden input of this name, unescaped as a browser would post it. */
    static String hidden(String html, String name) {
        Matcher input = Pattern.compile("<input type=\"hidden\" name=\"" + Pattern.quote(name) + "\" value=\"([^\"]*)\"").matcher(html);
        assertThat(input.find()).as("a hidden input " + name).isTrue();
        return HtmlUtils.htmlUnescape(input.group(1));
    }

    /** Every value of the page's hidden inputs of this name. */
    static List<String> hiddenValues(String html, String name) {
        return Pattern.compile("<input type=\"hidden\" name=\"" + Pattern.quote(name) + "\" value=\"([^\"]*)\"").matcher(html)
                .results().map(input -> HtmlUtils.htmlUnescape(input.group(1))).toList();
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        if (session != null) {
            request.header("Cookie", session);
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            addresses.add(response.uri().toString());
            response.headers().firstValue("Location").ifPresent(addresses::add);
            response.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("KETJU_CONSOLE_SESSION="))
                    .findFirst().ifPresent(c -> session = c.substring(0, c.indexOf(';')));
            return response;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The CSRF token of a page's form. */
    static String csrf(String html) {
        Matcher token = CSRF.matcher(html);
        assertThat(token.find()).as("a CSRF field in the page").isTrue();
        return token.group(1);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
