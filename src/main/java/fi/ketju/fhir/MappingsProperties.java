package fi.ketju.fhir;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where Ketju's mapping and conformance files live on the file system, so they can be changed without a
 * rebuild. A relative path resolves against the working directory.
 *
 * @param dir {@code ketju.mappings.dir}, default {@code mappings}
 */
@ConfigurationProperties("ketju.mappings")
record MappingsProperties(@DefaultValue("mappings") Path dir) {

    Path fhirConformanceDir() {
        return dir.resolve("fhir").resolve("conformance");
    }
}
