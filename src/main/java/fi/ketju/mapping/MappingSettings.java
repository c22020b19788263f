package fi.ketju.mapping;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** Where the declarative mapping files live: on disk, owned by integration admins. */
@ConfigurationProperties("ketju")
public record MappingSettings(Path mappingsDir) {
}
