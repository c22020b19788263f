package fi.ketju.web;

import static fi.ketju.HubTestSupport.get;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fi.ketju.HubIntegrationTest;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document the hub serves is valid OpenAPI 3.1, and the committed copy (docs/openapi.json, from which the
 * partner client of the tests is generated) is the document served: a door, status code or schema that changes
 * without the copy following fails here. Each run leaves the served document in target/openapi/ketju.json.
 */
class OpenApiDocumentTest extends HubIntegrationTest {

    static final Path SNAPSHOT = Path.of("docs/openapi.json");
    static final String REFRESH = "mvn -o test -Dtest=OpenApiDocumentTest -Dketju.openapi.refresh=true";
    private static final Path BUILD_COPY = Path.of("target/openapi/ketju.json");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theServedDocumentIsValidOpenApi31WithNoMessage() throws Exception {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(served(), null, options);

        assertThat(result.getMessages()).isEmpty();
        assertThat(result.getOpenAPI().getOpenapi()).startsWith("3.1");
        long operations = result.getOpenAPI().getPaths().values().stream().mapToLong(path -> path.readOperations().size()).sum();
        System.out.printf("OpenAPI document: %d paths, %d operations, %d schemas, %d bytes%n", result.getOpenAPI().getPaths().size(),
                operations, result.getOpenAPI().getComponents().getSchemas().size(), served().length());
    }

    @Test
    void theCommittedDocumentIsTheServedOne() throws Exception {
        JsonNode served = JSON.readTree(served());
        String pretty = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(served) + "\n";
        Files.createDirectories(BUILD_COPY.getParent());
        Files.writeString(BUILD_COPY, pretty);
        if (Boolean.getBoolean("ketju.openapi.refresh")) {
            Files.writeString(SNAPSHOT, pretty);
        }

        assertThat(JSON.readTree(SNAPSHOT.toFile()))
                .as("%s is not the document the hub serves (now in %s); review the change and refresh it: %s", SNAPSHOT, BUILD_COPY, REFRESH)
                .isEqualTo(served);
    }

    static String served() {
        HttpResponse<String> response = get("/v3/api-docs", null);
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }
}
