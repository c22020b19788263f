package fi.ketju.admin;

import static fi.ketju.HubTestSupport.get;
import static fi.ketju.HubTestSupport.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fi.ketju.StandaloneHub;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A measure file removed from the repository's mappings/measures/ leaves force at the next start, as any mapping whose
 * file is removed, even though the database has its versions (and an admin deployed one); a measure an admin added
 * (never a repository file) stays in force. Both follow from the shared database and the release's files, so every
 * instance of the release agrees.
 */
class RemovedMeasureFileTest {

    private static final String ADMIN = "sandbox-admin";
    private static final String ANALYST = "sandbox-analyst";
    private static final String REMOVED = "measures/referrals.measure.json";
    private static final String ADDED = "measures/referrals-by-admin.measure.json";

    private final ObjectMapper json = new ObjectMapper();
    private final StandaloneHub hub = new StandaloneHub();

    @Test
    void aMeasureWhoseFileIsRemovedLeavesForceAndOneAnAdminAddedStays() throws Exception {
        Path mappings = hub.dataDir.resolve("repository-mappings");
        copy(Path.of("mappings"), mappings);
        String mappingsDir = "--ketju.mappings-dir=" + mappings;
        try (StandaloneHub running = hub.start(mappingsDir)) {
            ObjectNode added = (ObjectNode) json.readTree(Files.readString(mappings.resolve(REMOVED)));
            added.put("id", "referrals-by-admin").put("url", "https://ketju.fi/fhir/Measure/referrals-by-admin");
            assertThat(post(hub.port, "/api/v1/admin/mappings/" + ADDED + "/deploy", ADMIN, "text/plain",
                    json.writeValueAsString(added)).statusCode()).isEqualTo(200);
            // The repository's measure changed by an admin too: its deployed version is in the database.
            ObjectNode changed = (ObjectNode) json.readTree(Files.readString(mappings.resolve(REMOVED)));
            changed.put("title", "Referrals, as an admin renamed them");
            assertThat(post(hub.port, "/api/v1/admin/mappings/" + REMOVED + "/deploy", ADMIN, "text/plain",
                    json.writeValueAsString(changed)).statusCode()).isEqualTo(200);
            assertThat(measureIds()).contains("referrals", "referrals-by-admin");
        }
        Files.delete(mappings.resolve(REMOVED));
        try (StandaloneHub running = hub.start(mappingsDir)) {
            assertThat(measureIds()).contains("referrals-by-admin", "referral-lead-time").doesNotContain("referrals");
            assertThat(get(hub.port, "/api/v1/measures/referrals/report?period=2025-03", ANALYST).statusCode()).isEqualTo(404);
            assertThat(get(hub.port, "/api/v1/admin/mappings/" + REMOVED, ADMIN).statusCode()).isEqualTo(404);
            assertThat(json.readTree(get(hub.port, "/api/v1/admin/mappings", ADMIN).body()).findValuesAsText("id"))
                    .contains(ADDED).doesNotContain(REMOVED);
            // Not brought back by a deploy under its old id: that would undo the release's removal.
            var redeployed = post(hub.port, "/api/v1/admin/mappings/" + REMOVED + "/deploy", ADMIN, "text/plain",
                    Files.readString(Path.of("mappings", REMOVED)));
            assertThat(redeployed.statusCode()).isEqualTo(409);
            assertThat(json.readTree(redeployed.body()).path("errors").toString() + redeployed.body()).contains("removed-from-repository");
        }
    }

    private java.util.List<String> measureIds() throws IOException {
        JsonNode measures = json.readTree(get(hub.port, "/api/v1/measures", ANALYST).body());
        return measures.findValuesAsText("id");
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            files.forEach(file -> {
                try {
                    Path target = to.resolve(from.relativize(file).toString());
                    if (Files.isDirectory(file)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(file, target);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
