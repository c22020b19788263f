package fi.ketju.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import fi.ketju.security.KetjuPrincipal;
import fi.ketju.web.RefusedRequestException;
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
@RestController
@RequestMapping("/api/v1/admin/routes")
class RouteController {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final RouteAdministration routes;

    RouteController(RouteAdministration routes) {
        this.routes = routes;
    }

    @GetMapping
    List<RouteAdministration.RouteInForce> list() {
        return routes.list();
    }

    @GetMapping("/{id}")
    RouteAdministration.RouteInForce get(@PathVariable String id) {
        return routes.describe(id);
    }

    /** 200 and the preview when the file would deploy; 422 and the same preview with its errors when not. */
    @PostMapping("/validate")
    ResponseEntity<RouteAdministration.Preview> validate(@RequestBody String content, @AuthenticationPrincipal KetjuPrincipal admin) {
        RouteAdministration.Preview preview = routes.validate(idIn(content), content, admin);
        return ResponseEntity.status(preview.valid() ? HttpStatus.OK : HttpStatus.UNPROCESSABLE_ENTITY).body(preview);
    }

    @PostMapping("/{id}/deploy")
    RouteAdministration.RouteInForce deploy(@PathVariable String id, @RequestBody String content,
            @RequestParam(required = false) String reason, @AuthenticationPrincipal KetjuPrincipal admin) {
        return routes.deploy(id, content, reason, admin);
    }

    @PostMapping("/{id}/rollback")
    RouteAdministration.RouteInForce rollback(@PathVariable String id, @RequestParam int version,
            @RequestParam(required = false) String reason, @AuthenticationPrincipal KetjuPrincipal admin) {
        return routes.rollback(id, version, reason, admin);
    }

    @PostMapping("/{id}/suspend")
    RouteAdministration.RouteInForce suspend(@PathVariable String id, @RequestParam(required = false) String reason,
            @AuthenticationPrincipal KetjuPrincipal admin) {
        return routes.suspend(id, reason, admin);
    }

    @PostMapping("/{id}/resume")
    RouteAdministration.RouteInForce resume(@PathVariable String id, @RequestParam(required = false) String reason,
            @AuthenticationPrincipal KetjuPrincipal admin) {
        return routes.resume(id, reason, admin);
    }

    @GetMapping("/{id}/history")
    List<HistoryEntry> history(@PathVariable String id) {
        return HistoryEntry.of(id + AdminSettings.ROUTE_SUFFIX, routes.history(id));
    }

    /** The file as in force (export), to be committed to routes/{id}.camel.yaml. */
    @GetMapping(value = "/{id}/content", produces = "application/yaml")
    ResponseEntity<String> content(@PathVariable String id, @AuthenticationPrincipal KetjuPrincipal admin) {
        ConfigVersions.Version inForce = routes.export(id, admin);
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("application/yaml"))
                .header("ETag", "\"" + inForce.checksum() + "\"")
                .header("Ketju-Version", String.valueOf(inForce.version()))
                .body(inForce.content());
    }

    /** The route's id, as the file names it; a file that is not YAML is refused with the line and column. */
    private static String idIn(String content) {
        try {
            JsonNode file = YAML.readTree(content);
            JsonNode definition = file == null || !file.isArray() || file.isEmpty() || !file.get(0).isObject() || file.get(0).isEmpty()
                    ? null : file.get(0).elements().next();
            String id = definition == null ? "" : definition.path(definition.has("routeId") ? "routeId" : "id").asText();
            if (id.isEmpty()) {
                throw RefusedRequestException.invalid("/0", "id", "must name the route (id, or routeId of a templatedRoute)");
            }
            return id;
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "body"
                    : "line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw RefusedRequestException.invalid(where, "yaml", e.getOriginalMessage());
        }
    }
}
