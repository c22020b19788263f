package fi.ketju.fhir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import fi.ketju.mapping.MappingException;
import fi.ketju.mapping.MappingSettings;
import fi.ketju.mapping.TranslationTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.springframework.stereotype.Component;

/**
 * Which element of an inbound FHIR message each canonical field is read from (the file translations.yaml names as
 * inbound.fhir.sources), so that a gap found in the canonical message is reported as the partner wrote it.
 */
@Component
class CanonicalSources {

    private final JsonNode sources;

    CanonicalSources(MappingSettings settings, TranslationTable translations) {
        Path file = settings.mappingsDir().resolve(translations.inbound("fhir", "sources")
                .orElseThrow(() -> new MappingException("no inbound.fhir.sources in translations.yaml")));
        try {
            this.sources = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file.toAbsolutePath(), e);
        }
    }

    /** The FHIR element of the longest listed pointer that starts {@code pointer}, for the message type; else Bundle. */
    String elementOf(String messageType, String pointer) {
        String element = "Bundle";
        int matched = -1;
        for (JsonNode table : new JsonNode[] {sources.path("common"), sources.path(messageType)}) {
            for (var source : table.properties()) {
                String prefix = source.getKey();
                boolean starts = pointer.equals(prefix) || pointer.startsWith(prefix + "/");
                if (starts && prefix.length() > matched) {
                    matched = prefix.length();
                    element = source.getValue().asText();
                }
            }
        }
        return element;
    }
}
