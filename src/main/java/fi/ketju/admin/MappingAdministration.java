package fi.ketju.admin;

import fi.ketju.audit.AuditTrail;
import fi.ketju.audit.MessageEvent;
import fi.ketju.mapping.SchemaViolation;
import fi.ketju.security.KetjuPrincipal;
import fi.ketju.web.RefusedRequestException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;

/**
 * The mapping files in force (id: the path under mappings/): JSLT and XSLT mappings, the translation table, the
 * disclosure policy, the schemas. Their versions are recorded like the routes' (the repository's files are adopted
 * at start); samples and FHIR conformance resources are not mappings.
 */
@Component
class MappingAdministration {

    private static final List<String> MAPPING_FILES = List.of(".jslt", ".xsl", ".xslt", ".yaml", ".schema.json", ".xsd");

    private final AdminSettings settings;
    private final ConfigVersions versions;
    private final AuditTrail audit;
    private final MappingPreview preview;

    MappingAdministration(AdminSettings settings, ConfigVersions versions, AuditTrail audit, MappingPreview preview) {
        this.settings = settings;
        this.versions = versions;
        this.audit = audit;
        this.preview = preview;
        for (String id : ids()) {
            versions.adopt(ConfigVersions.Kind.MAPPING, id, read(id));
        }
    }

    record MappingInForce(String id, int version, String checksum, String status, String deployedBy, Instant deployedAt,
            String reason) {
    }

    List<MappingInForce> list() {
        return ids().stream().map(this::describe).toList();
    }

    MappingInForce describe(String id) {
        ConfigVersions.Version inForce = inForce(id);
        return new MappingInForce(id, inForce.version(), inForce.checksum(), "in-force", inForce.author(), inForce.createdAt(),
                inForce.reason());
    }

    /** What validating a changed mapping answers: its errors, and the dry run over the samples. */
    record Preview(String id, String checksum, boolean valid, List<SchemaViolation> errors, int versionInForce,
            String checksumInForce, List<String> diff, List<MappingPreview.SampleResult> samples) {
    }

    /** Checks a changed mapping file without changing anything (MappingPreview). */
    Preview validate(String id, String content, KetjuPrincipal admin) {
        ConfigVersions.Version current = inForce(id);
        MappingPreview.Result result = preview.check(id, content);
        Preview answer = new Preview(id, ConfigVersions.checksum(content), result.valid(), result.errors(), current.version(),
                current.checksum(), TextDiff.unified(id, current.content(), content), result.samples());
        audit.recordAdminAction(admin, MessageEvent.CHANGE_VALIDATED, "mapping " + id + " (sha-256 " + answer.checksum() + "): "
                + (answer.valid() ? "valid" : "refused"));
        return answer;
    }

    List<ConfigVersions.Version> history(String id) {
        inForce(id);
        return versions.history(ConfigVersions.Kind.MAPPING, id);
    }

    ConfigVersions.Version export(String id, KetjuPrincipal admin) {
        ConfigVersions.Version inForce = inForce(id);
        audit.recordAdminAction(admin, MessageEvent.CONFIGURATION_EXPORTED, "mapping " + id + " version " + inForce.version());
        return inForce;
    }

    private ConfigVersions.Version inForce(String id) {
        return versions.inForce(ConfigVersions.Kind.MAPPING, id).filter(found -> ids().contains(id))
                .map(ConfigVersions.InForce::version)
                .orElseThrow(() -> RefusedRequestException.notFound("id", "exists", "no mapping " + id));
    }

    private List<String> ids() {
        Path root = settings.mappingsDir();
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile)
                    .map(file -> root.relativize(file).toString().replace('\\', '/'))
                    .filter(id -> !id.contains("samples/") && !id.contains("conformance/"))
                    .filter(id -> MAPPING_FILES.stream().anyMatch(id::endsWith))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root.toAbsolutePath(), e);
        }
    }

    private String read(String id) {
        try {
            return Files.readString(settings.mappingsDir().resolve(id), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read mapping " + id, e);
        }
    }
}
