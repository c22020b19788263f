package fi.ketju.admin;

import fi.ketju.security.KetjuPrincipal;
import fi.ketju.web.RefusedRequestException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The admins' door to the mappings (admin role only). A mapping's id is its path under mappings/, slashes and all:
 * GET /api/v1/admin/mappings/social-care/referral-from-canonical.jslt, .../history, .../content; POST .../deploy,
 * .../rollback?version=N.
 */
@Tag(name = "Mappings")
@RestController
@RequestMapping("/api/v1/admin/mappings")
class MappingController {

    private static final String HISTORY = "/history";
    private static final String CONTENT = "/content";
    private static final String DEPLOY = "/deploy";
    private static final String ROLLBACK = "/rollback";

    private final MappingAdministration mappings;

    MappingController(MappingAdministration mappings) {
        this.mappings = mappings;
    }

    @Operation(summary = "Every mapping file in force (path under mappings/): version, checksum, who put it there and when")
    @GetMapping
    List<MappingAdministration.MappingInForce> list() {
        return mappings.list();
    }

    @Operation(summary = "Checks a changed mapping file (body) without deploying it: a JSLT outbound mapping is run over every "
            + "canonical sample as each recipient family receives it; per sample the output, its schema or FHIR validation, the "
            + "fields the disclosure policy withheld and the diff against the version in force. 200 when valid, 422 with the errors")
    @PostMapping("/validate")
    ResponseEntity<MappingAdministration.Preview> validate(@RequestParam String id, @RequestBody String content,
            @AuthenticationPrincipal KetjuPrincipal admin) {
        MappingAdministration.Preview preview = mappings.validate(id, content, admin);
        return ResponseEntity.status(preview.valid() ? HttpStatus.OK : HttpStatus.UNPROCESSABLE_ENTITY).body(preview);
    }

    @Operation(summary = "{id}/deploy: checks the mapping file (body) again over every sample and puts it in force atomically as "
            + "the next version (JSLT and XSLT mappings, code maps and modules, measures: a new measure too, as version 1; 409 for a "
            + "file read at start); a file that fails "
            + "is refused with 422 and every error, and the version in force keeps running. {id}/rollback?version=N: deploys "
            + "an earlier version again, as the next version")
    @PostMapping("/{*path}")
    MappingAdministration.MappingInForce change(@PathVariable String path, @RequestBody(required = false) String content,
            @RequestParam(required = false) Integer version, @RequestParam(required = false) String reason,
            @AuthenticationPrincipal KetjuPrincipal admin) {
        String id = path.substring(1);
        if (id.endsWith(DEPLOY)) {
            if (content == null || content.isEmpty()) {
                throw RefusedRequestException.invalid("body", "required", "the mapping file to deploy is the request's body");
            }
            return mappings.deploy(id.substring(0, id.length() - DEPLOY.length()), content, reason, admin);
        }
        if (id.endsWith(ROLLBACK)) {
            if (version == null) {
                throw RefusedRequestException.invalid("version", "required", "name the version to roll back to: ?version=N");
            }
            return mappings.rollback(id.substring(0, id.length() - ROLLBACK.length()), version, reason, admin);
        }
        throw RefusedRequestException.notFound("path", "exists", "POST " + id + ": a mapping takes deploy or rollback");
    }

    /** A path variable cannot span slashes except as the last part: the sub-resource is read from its end. */
    @Operation(summary = "One mapping in force ({id}), its history ({id}/history) or its file as in force ({id}/content)")
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
