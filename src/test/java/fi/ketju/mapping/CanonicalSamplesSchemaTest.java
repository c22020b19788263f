package fi.ketju.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The canonical samples are the reference every outbound mapping starts from (and against which each FHIR
 * mapping is proven when it is loaded): each must meet the canonical schema.
 */
class CanonicalSamplesSchemaTest {

    private static final Path SAMPLES = Path.of("mappings", "canonical", "samples");

    private final JsonSchemas schemas = new JsonSchemas(new MappingSettings(Path.of("mappings")), new IdentitySettings(true));

    static Stream<Path> samples() throws IOException {
        return Files.list(SAMPLES).filter(p -> p.toString().endsWith(".json")).sorted();
    }

    @ParameterizedTest
    @MethodSource("samples")
    void sampleMeetsTheCanonicalSchema(Path sample) throws IOException {
        var message = new ObjectMapper().readTree(sample.toFile());

        assertThat(schemas.validate("canonical/message.schema.json", message)).isEmpty();
        // {type}.json, or {type}-{variant}.json for another shape of the same type (e.g. only what is required)
        assertThat(sample.getFileName().toString()).matches(message.path("type").asText() + "(-[a-z]+)?\\.json");
    }
}
