package fi.ketju.admin;

import fi.ketju.security.KetjuPrincipal;
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
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The admins' door to the routes (admin role only, see SecurityConfiguration). A route file travels as its YAML
 * (the request body); the route's id is its file name, and the id inside the file.
 */
@Tag(name = "Routes")
@RestController
@RequestMapping("/api/v1/admin/routes")
class RouteController {

    private final RouteAdministration routes;

    RouteController(RouteAdministration routes) {
        this.routes = routes;
    }

    @Operation(summary = "Every route file in force: id, kind, version, checksum, status (running, suspended, failed; template, configuration), who deployed it and when, live figures")
    @GetMapping
    List<RouteAdministration.RouteInForce> list() {
        return routes.list();
    }

    @Operation(summary = "One route in force")
    @GetMapping("/{id}")
    RouteAdministration.RouteInForce get(@PathVariable String id) {
        return routes.describe(id);
    }

    /** 200 and the preview when the file would deploy; 422 and the same preview with its errors when not. */
    @Operation(summary = "Checks a route file (YAML body) without deploying it: 200 and a preview with the diff against the version in force, or 422 with the errors (field or line, rule)")
    @PostMapping("/validate")
    ResponseEntity<RouteAdministration.Preview> validate(@RequestBody String content, @AuthenticationPrincipal KetjuPrincipal admin) {
        RouteAdministration.Preview preview = routes.validate(content, admin);
        return ResponseEntity.status(preview.valid() ? HttpStatus.OK : HttpStatus.UNPROCESSABLE_ENTITY).body(preview);
    }

    @Operation(summary = "Validates the route file (YAML body) again and swaps it in atomically as the next version; a file that fails leaves the version in force running; 409 in-force-changed if another deploy changed the version in force since")
    @PostMapping("/{id}/deploy")
    RouteAdministration.RouteInForce deploy(@PathVariable String id, @RequestBody String content,
            @RequestParam(required = false) String reason, @AuthenticationPrincipal KetjuPrincipal admin) {
        return routes.deploy(id, content, reason, admin);
    }

    @Operation(summary = "Deploys an earlier version again, as the next version")
    @PostMapping("/{id}/rollback")
    RouteAdministration.RouteInForce rollback(@PathVariable String id, @RequestParam int version,
            @RequestParam(required = false) String reason, @AuthenticationPrincipal KetjuPrincipal admin) {
        return routes.rollback(id, version, reason, admin);
    }

    @Operation(summary = "Suspends the route: it takes no more messages, which wait on its queue")
    @PostMapping("/{id}/suspend")
    RouteAdministration.RouteInForce suspend(@PathVariable String id, @RequestParam(required = false) String reason,
            @AuthenticationPrincipal KetjuPrincipal admin) {
        return routes.suspend(id, true, reason, admin);
    }

    @Operation(summary = "Resumes a suspended route")
    @PostMapping("/{id}/resume")
    RouteAdministration.RouteInForce resume(@PathVariable String id, @RequestParam(required = false) String reason,
            @AuthenticationPrincipal KetjuPrincipal admin) {
        return routes.suspend(id, false, reason, admin);
    }

    @Operation(summary = "Every version, newest first, with author, time, reason and diff against the version before")
    @GetMapping("/{id}/history")
    List<HistoryEntry> history(@PathVariable String id) {
        return HistoryEntry.of(id + AdminSettings.ROUTE_SUFFIX, routes.history(id));
    }

    /** The file as in force (export), to be committed to routes/{id}.camel.yaml. */
    @Operation(summary = "The file as in force (export), to commit to routes/{id}.camel.yaml")
    @GetMapping(value = "/{id}/content", produces = "application/yaml")
    ResponseEntity<String> content(@PathVariable String id, @AuthenticationPrincipal KetjuPrincipal admin) {
        ConfigVersions.Version inForce = routes.export(id, admin);
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("application/yaml"))
                .header("ETag", "\"" + inForce.checksum() + "\"")
                .header("Ketju-Version", String.valueOf(inForce.version()))
                .body(inForce.content());
    }
}
