package fi.ketju.admin;

import fi.ketju.security.KetjuPrincipal;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The admins' door to the mappings (admin role only). A mapping's id is its path under mappings/, slashes and all:
 * GET /api/v1/admin/mappings/social-care/referral-from-canonical.jslt, .../history, .../content.
 */
@RestController
@RequestMapping("/api/v1/admin/mappings")
class MappingController {

    private static final String HISTORY = "/history";
    private static final String CONTENT = "/content";

    private final MappingAdministration mappings;

    MappingController(MappingAdministration mappings) {
        this.mappings = mappings;
    }

    @GetMapping
    List<MappingAdministration.MappingInForce> list() {
        return mappings.list();
    }

    /** A path variable cannot span slashes except as the last part: the sub-resource is read from its end. */
    @GetMapping("/{*path}")
    ResponseEntity<?> get(@PathVariable String path, @AuthenticationPrincipal KetjuPrincipal admin) {
        String id = path.substring(1);
        if (id.endsWith(HISTORY)) {
            String mapping = id.substring(0, id.length() - HISTORY.length());
            return ResponseEntity.ok(HistoryEntry.of(mapping, mappings.history(mapping)));
        }
        if (id.endsWith(CONTENT)) {
            ConfigVersions.Version inForce = mappings.export(id.substring(0, id.length() - CONTENT.length()), admin);
            return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN)
                    .header("ETag", "\"" + inForce.checksum() + "\"")
                    .header("Ketju-Version", String.valueOf(inForce.version()))
                    .body(inForce.content());
        }
        return ResponseEntity.ok(mappings.describe(id));
    }
}
