package fi.ketju.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** Where the declarative mapping files live: on disk, owned by integration admins. */
@ConfigurationProperties("ketju")
public record MappingSettings(Path mappingsDir) {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** A YAML file under mappings/ (path relative to it), as a tree; a missing or broken file stops the caller. */
    public JsonNode readYaml(String path) {
        Path file = mappingsDir.resolve(path);
        try {
            return YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file.toAbsolutePath(), e);
        }
    }
}
