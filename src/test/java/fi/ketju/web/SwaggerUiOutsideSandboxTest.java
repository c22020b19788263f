package fi.ketju.web;

import static org.assertj.core.api.Assertions.assertThat;

import fi.ketju.HubTestSupport;
import fi.ketju.StandaloneHub;
import fi.ketju.TestJwts;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Outside the sandbox profile there is no Swagger UI at all, to anyone; the document itself is still served. */
class SwaggerUiOutsideSandboxTest {

    private static final StandaloneHub HUB = new StandaloneHub();

    @BeforeAll
    static void startWithoutTheSandbox() {
        HUB.start("--spring.profiles.active=openapi-outside-sandbox",
                "--spring.security.oauth2.resourceserver.jwt.public-key-location=file:" + TestJwts.publicKeyFile(HubTestSupport.DATA_DIR),
                "--ketju.security.subject-key=test-subject-key-outside-the-sandbox-0001",
                "--ketju.audit.encryption-key=dGVzdC1hdWRpdC1rZXktb3V0c2lkZS1zYW5kYm94ISE=",
                "--ketju.audit.seal-key=test-audit-seal-key-outside-the-sandbox-0001",
                "--ketju.measures.pseudonym-key=test-measures-pseudonym-key-outside-the-sandbox-0001");
    }

    @AfterAll
    static void stop() {
        HUB.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/swagger-ui.html", "/swagger-ui/index.html", "/swagger-ui/swagger-initializer.js",
            "/webjars/swagger-ui/index.html", "/v3/api-docs/swagger-config"})
    void swaggerUiIsNotThereForAnyone(String path) {
        for (String token : new String[] {null, TestJwts.token("admin", null), TestJwts.token("partner", "social-care")}) {
            HttpResponse<String> response = HubTestSupport.get(HUB.port, path, token);
            assertThat(response.statusCode()).as(path + (token == null ? " without credentials" : " with a token"))
                    .isIn(401, 403, 404);
            assertThat(response.body()).doesNotContain("SwaggerUIBundle");
        }
    }

    @Test
    void theDocumentIsServedWithoutTheSandboxInboxes() {
        HttpResponse<String> document = HubTestSupport.get(HUB.port, "/v3/api-docs", null);
        assertThat(document.statusCode()).isEqualTo(200);
        assertThat(document.body()).contains("/api/v1/social-care/messages").doesNotContain("/sandbox/");
    }
}
