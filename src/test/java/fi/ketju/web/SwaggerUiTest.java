package fi.ketju.web;

import static fi.ketju.HubTestSupport.get;
import static org.assertj.core.api.Assertions.assertThat;

import fi.ketju.HubIntegrationTest;
import java.net.http.HttpResponse;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** In the sandbox a partner's developer tries the doors in Swagger UI, served whole from the hub (its webjar). */
class SwaggerUiTest extends HubIntegrationTest {

    @Test
    void theSandboxServesSwaggerUiOnTheDocumentFromItsOwnAssets() {
        HttpResponse<String> redirect = get("/swagger-ui.html", null);
        assertThat(redirect.statusCode()).isEqualTo(302);
        HttpResponse<String> page = get("/swagger-ui/index.html", null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));

        // Every script and style the page loads is the hub's own: nothing is fetched from elsewhere.
        var assets = Pattern.compile("(?:src|href)=\"([^\"]+)\"").matcher(page.body()).results().map(m -> m.group(1)).toList();
        assertThat(assets).isNotEmpty().allSatisfy(asset -> {
            assertThat(asset).doesNotContain("://");
            assertThat(get("/swagger-ui/" + asset.replaceFirst("^\\./", ""), null).statusCode()).as(asset).isEqualTo(200);
        });
        HttpResponse<String> initializer = get("/swagger-ui/swagger-initializer.js", null);
        assertThat(initializer.statusCode()).isEqualTo(200);
        assertThat(initializer.body()).contains("\"configUrl\" : \"/v3/api-docs/swagger-config\"").doesNotContain("petstore");
        assertThat(get("/v3/api-docs/swagger-config", null).body()).contains("\"url\":\"/v3/api-docs\"");
    }

    @Test
    void theWebjarIsNotServedAsPlainFiles() {
        assertThat(get("/webjars/swagger-ui/index.html", "sandbox-admin").statusCode()).isEqualTo(403);
    }
}
