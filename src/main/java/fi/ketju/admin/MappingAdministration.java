package fi.ketju.admin;

import fi.ketju.audit.AuditTrail;
import fi.ketju.audit.MessageEvent;
import fi.ketju.mapping.MappingSet;
import fi.ketju.mapping.MappingsInForce;
import fi.ketju.mapping.SchemaViolation;
import fi.ketju.measure.MeasureCatalogue;
import fi.ketju.security.KetjuPrincipal;
import fi.ketju.web.RefusedRequestException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The mapping files in force (id: the path under mappings/): JSLT and XSLT mappings, the translation table, the
 * disclosure policy, the schemas, the service-chain measures (measures/*.measure.json). Their versions are recorded
 * like the routes' (the repository's files are adopted at start); samples and FHIR conformance resources are not
 * mappings. A measure may also be added by deploying one the repository does not have.
 *
 * <p>A JSLT or XSLT mapping (structure map, code map or module), and a measure, is deployed live: checked (a mapping
 * over the samples, a measure by running its queries) as a candidate mapping set, then put in force whole ({@link MappingsInForce}), so no message is translated half by the
 * old and half by the new version, and none waits or is lost. The versions deployed are laid over the
 * repository's files again at every start, and every instance follows what another deployed within
 * ketju.mappings-follow-interval. The other files (translation table, disclosure policy, schemas) are
 * read when the hub starts: they change through the repository and a restart, each as the next version.
 */
@Component
class MappingAdministration {

    private static final Logger LOG = LoggerFactory.getLogger(MappingAdministration.class);

    private static final List<String> MAPPING_FILES = List.of(".jslt", ".xsl", ".xslt", ".yaml", ".schema.json", ".measure.json", ".xsd");

    private final AdminSettings settings;
    private final ConfigVersions versions;
    private final AuditTrail audit;
    private final MappingPreview preview;
    private final MappingsInForce mappings;
    private final MeterRegistry registry;
    /** The checksum of each live-deployable mapping in force here, to see what another instance deployed. */
    private Map<String, String> checksumsInForce = Map.of();

    MappingAdministration(AdminSettings settings, ConfigVersions versions, AuditTrail audit, MappingPreview preview,
            MappingsInForce mappings, MeterRegistry registry) {
        this.settings = settings;
        this.versions = versions;
        this.audit = audit;
        this.preview = preview;
        this.mappings = mappings;
        this.registry = registry;
        putDeployedVersionsInForce();
    }

    /** Before any route starts: what admins deployed stays in force across a restart, unless the repository moved on. */
    private void putDeployedVersionsInForce() {
        for (String id : repositoryIds()) {
            if (MappingPreview.deployableLive(id)) {
                versions.adopt(ConfigVersions.Kind.MAPPING, id, read(id));
            } else {
                versions.adoptAsRead(ConfigVersions.Kind.MAPPING, id, read(id));
            }
        }
        followOtherInstances();
    }

    /**
     * Puts in force the versions the database has in force, if they are not already: those deployed through the
     * admin API, here before a restart or by another instance (which checked them before they were recorded).
     */
    @Scheduled(fixedDelayString = "${ketju.mappings-follow-interval:5s}", initialDelayString = "${ketju.mappings-follow-interval:5s}")
    synchronized void followOtherInstances() {
        Map<String, String> checksums = new TreeMap<>();
        versions.fingerprintsInForce(ConfigVersions.Kind.MAPPING).forEach((id, inForce) -> checksums.put(id, inForce.checksum()));
        checksums.keySet().retainAll(ids().stream().filter(MappingPreview::deployableLive).toList());
        if (checksums.equals(checksumsInForce)) {
            return;
        }
        Map<String, String> deployed = new TreeMap<>();
        checksums.forEach((id, checksum) -> {
            if (!checksum.equals(repositoryFile(id).map(ConfigVersions::checksum).orElse(null))) {
                deployed.put(id, inForce(id).content());
            }
        });
        // Always a new set (a new generation), so what is proven of a set in force is never taken for another.
        if (!deployed.isEmpty() || mappings.current() != mappings.repository()) {
            mappings.install(mappings.repository().with(deployed));
            LOG.info("Mappings in force: the repository's files{}", deployed.isEmpty() ? "" : ", with these as deployed: " + deployed.keySet());
        }
        checksumsInForce = checksums;
    }

    /** A mapping in force; its figures are those of the translations it made (none of its own for a module or code map). */
    record MappingInForce(String id, int version, String checksum, String status, String deployedBy, Instant deployedAt,
            String reason, LiveFigures figures) {
    }

    List<MappingInForce> list() {
        return ids().stream().map(this::describe).toList();
    }

    MappingInForce describe(String id) {
        ConfigVersions.Version inForce = inForce(id);
        return new MappingInForce(id, inForce.version(), inForce.checksum(), "in-force", inForce.author(), inForce.createdAt(),
                inForce.reason(), figures(id));
    }

    private LiveFigures figures(String id) {
        long out = 0;
        long failed = 0;
        double totalMillis = 0;
        for (Timer timer : registry.find(MappingSet.TRANSLATIONS).tag("mapping", id).timers()) {
            if ("success".equals(timer.getId().getTag("outcome"))) {
                out += timer.count();
            } else {
                failed += timer.count();
            }
            totalMillis += timer.totalTime(TimeUnit.MILLISECONDS);
        }
        return new LiveFigures(out + failed, out, failed, out + failed == 0 ? null : LiveFigures.millis(totalMillis / (out + failed)));
    }

    /** What validating a changed mapping answers: its errors, and the dry run over the samples. */
    record Preview(String id, String checksum, boolean valid, List<SchemaViolation> errors, int versionInForce,
            String checksumInForce, List<String> diff, List<MappingPreview.SampleResult> samples) {
    }

    /** Checks a changed mapping file without changing anything (MappingPreview). */
    Preview validate(String id, String content, KetjuPrincipal admin) {
        Optional<ConfigVersions.Version> current = addsAMeasure(id) ? Optional.empty() : Optional.of(inForce(id));
        MappingPreview.Result result = preview.check(id, content);
        Preview answer = new Preview(id, ConfigVersions.checksum(content), result.valid(), result.errors(),
                current.map(ConfigVersions.Version::version).orElse(0), current.map(ConfigVersions.Version::checksum).orElse(null),
                TextDiff.unified(id, current.map(ConfigVersions.Version::content).orElse(""), content), result.samples());
        audit.recordAdminAction(admin, MessageEvent.CHANGE_VALIDATED, "mapping " + id + " (sha-256 " + answer.checksum() + "): "
                + (answer.valid() ? "valid" : "refused"));
        return answer;
    }

    /**
     * Checks the file again over every sample and puts it in force as the next version, or refuses it (400 with
     * every error) and the version in force keeps running. One change at a time.
     */
    synchronized MappingInForce deploy(String id, String content, String reason, KetjuPrincipal admin) {
        int checkedAgainst = addsAMeasure(id) ? 0 : inForce(id).version();
        if (!MappingPreview.deployableLive(id)) {
            throw RefusedRequestException.conflict("id", "read-at-start", id + " is read when the hub starts, so it"
                    + " cannot be swapped live. Check it with POST validate, change it in mappings/ and restart the hub"
                    + " (the repository's new content becomes the next version in force).");
        }
        MappingPreview.Result result = preview.check(id, content);
        if (!result.valid()) {
            List<String> problems = new ArrayList<>();
            result.errors().forEach(error -> problems.add(error.field() + " (" + error.rule() + "): " + error.detail()));
            result.samples().stream().filter(sample -> !sample.valid()).forEach(sample -> problems.add(sample.sample() + " "
                    + sample.direction() + " " + sample.recipientFamily() + ": " + String.join("; ", sample.errors())));
            SchemaViolation first = result.errors().isEmpty() ? new SchemaViolation("body", "samples", "") : result.errors().get(0);
            audit.recordAdminAction(admin, MessageEvent.CHANGE_VALIDATED, "mapping " + id + " (sha-256 "
                    + ConfigVersions.checksum(content) + "): deploy refused");
            throw RefusedRequestException.invalid(first.field(), first.rule(), "not deployed, the version in force keeps running: "
                    + String.join(" | ", problems));
        }
        // Recorded first: a deploy another admin or instance beat is refused (409) before the set in force changes here.
        ConfigVersions.Version deployed = versions.deploy(ConfigVersions.Kind.MAPPING, id, checkedAgainst, content, admin.name(),
                reason, recorded -> mappings.install(result.candidate().orElseThrow()));
        Map<String, String> checksums = new TreeMap<>(checksumsInForce);
        checksums.put(id, deployed.checksum());
        checksumsInForce = checksums;
        audit.recordAdminAction(admin, MessageEvent.MAPPING_CHANGED, "deployed mapping " + id + " version " + deployed.version()
                + " (sha-256 " + deployed.checksum() + ")" + ConfigVersions.because(reason));
        return describe(id);
    }

    synchronized MappingInForce rollback(String id, int version, String reason, KetjuPrincipal admin) {
        ConfigVersions.Version earlier = versions.find(ConfigVersions.Kind.MAPPING, id, version).orElseThrow(() ->
                RefusedRequestException.notFound("version", "exists", "mapping " + id + " has no version " + version));
        return deploy(id, earlier.content(), "rollback to version " + version + ConfigVersions.because(reason), admin);
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

    /**
     * Whether deploying {@code id} adds a measure: an analyst's new measure needs no release, so an admin may deploy one
     * the repository does not have (version 1, then followed by every instance like any deployed mapping).
     */
    private boolean addsAMeasure(String id) {
        if (!MeasureCatalogue.isMeasure(id) || ids().contains(id)) {
            return false;
        }
        if (versions.inForce(ConfigVersions.Kind.MAPPING, id).isPresent()) {
            throw RefusedRequestException.conflict("id", "removed-from-repository", id + " was removed from the repository's"
                    + " mappings/ and is no longer in force, as any mapping whose file is removed; restore the file and restart,"
                    + " or deploy the measure under another id");
        }
        return true;
    }

    /**
     * The repository's mapping files, and the measures admins added (in the database only). A measure that came from
     * the repository leaves force with its file, as any mapping does (its versions stay in the history); one only ever
     * deployed by admins stays. Both are read from the shared database, so every instance of a release agrees.
     */
    private List<String> ids() {
        List<String> repository = repositoryIds();
        SortedSet<String> ids = new TreeSet<>(repository);
        versions.fingerprintsInForce(ConfigVersions.Kind.MAPPING).keySet().stream().filter(MeasureCatalogue::isMeasure)
                .filter(id -> !repository.contains(id))
                .filter(id -> versions.history(ConfigVersions.Kind.MAPPING, id).stream()
                        .noneMatch(version -> ConfigVersions.REPOSITORY.equals(version.author())))
                .forEach(ids::add);
        return List.copyOf(ids);
    }

    private List<String> repositoryIds() {
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
        return repositoryFile(id).orElseThrow(() -> new IllegalStateException("no file mappings/" + id));
    }

    /** The repository's file of a mapping; none for a measure an admin added. */
    private Optional<String> repositoryFile(String id) {
        Path file = settings.mappingsDir().resolve(id);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read mapping " + id, e);
        }
    }
}
