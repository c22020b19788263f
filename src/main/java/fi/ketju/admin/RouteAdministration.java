package fi.ketju.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import fi.ketju.audit.AuditTrail;
import fi.ketju.audit.MessageEvent;
import fi.ketju.mapping.SchemaViolation;
import fi.ketju.security.KetjuPrincipal;
import fi.ketju.web.RefusedRequestException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.ServiceStatus;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.ModelLifecycleStrategy;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.RouteTemplateDefinition;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Routes in force, and an admin's changes to them. A deploy swaps one route: Camel stops it gracefully (the
 * messages it is handling finish and commit; the rest wait on its JMS queue), removes it, loads the new version
 * and starts it; if the new version does not start, the previous one is loaded again. Nothing is lost (the
 * broker holds what was not taken) and nothing is handled twice (each message's transaction commits only when
 * its route is done with it). One change at a time.
 */
@Component
class RouteAdministration {

    private static final Logger LOG = LoggerFactory.getLogger(RouteAdministration.class);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final String ERROR_HANDLING = "error-handling";
    /** Top-level element of a route file, and the key of its id. */
    private static final List<String> KINDS = List.of("route", "templatedRoute", "routeTemplate", "routeConfiguration");

    private final CamelContext camel;
    private final ConfigVersions versions;
    private final RouteFiles files;
    private final RouteFigures figures;
    private final AuditTrail audit;
    /** What runs here, by route id: to see what another instance changed. */
    private final Map<String, ConfigVersions.Fingerprint> stateHere;

    RouteAdministration(CamelContext camel, ConfigVersions versions, RouteFiles files, RouteFigures figures, AuditTrail audit) {
        this.camel = camel;
        this.versions = versions;
        this.files = files;
        this.figures = figures;
        this.audit = audit;
        ((ModelCamelContext) camel).addModelLifecycleStrategy(new SuspendedStayHeld());
        this.stateHere = stateInDatabase();
    }

    record RouteInForce(String id, String kind, int version, String checksum, String status, String deployedBy,
            Instant deployedAt, String reason, LiveFigures figures) {
    }

    record Preview(String id, String kind, String checksum, boolean valid, List<SchemaViolation> errors,
            Integer versionInForce, String checksumInForce, List<String> diff) {
    }

    List<RouteInForce> list() {
        return files.repositoryIds().stream().map(this::describe).toList();
    }

    RouteInForce describe(String id) {
        ConfigVersions.InForce inForce = inForce(id);
        String kind = kindOf(inForce.version().content());
        RouteFigures.Figures live = figures.figures(id);
        return new RouteInForce(id, kind, inForce.version().version(), inForce.version().checksum(), status(id, kind, inForce.suspended()),
                inForce.version().author(), inForce.version().createdAt(), inForce.version().reason(),
                new LiveFigures(live.completed() + live.failed(), live.completed(), live.failed(), live.meanMillis()));
    }

    /**
     * Checks a route file without changing anything: its YAML, its shape, and that Camel can build it. The route is
     * the one the file names; a file that is not YAML, or names none, is refused with the line and column.
     */
    Preview validate(String content, KetjuPrincipal admin) {
        String id = idIn(content);
        Preview preview = check(id, content);
        audit.recordAdminAction(admin, MessageEvent.CHANGE_VALIDATED, "route " + id + " (sha-256 " + preview.checksum() + "): "
                + (preview.valid() ? "valid" : "refused: " + describe(preview.errors())));
        return preview;
    }

    synchronized RouteInForce deploy(String id, String content, String reason, KetjuPrincipal admin) {
        Preview preview = check(id, content);
        if (!preview.valid()) {
            SchemaViolation first = preview.errors().get(0);
            throw RefusedRequestException.invalid(first.field(), first.rule(), describe(preview.errors()));
        }
        refuseSharedDefinitions(id, preview.kind());
        String previous = files.read(id);
        // The database first: a deploy that another admin or instance beat is refused before anything changes here,
        // and one that does not start here is recorded nothing (its transaction rolls back).
        AtomicBoolean swapped = new AtomicBoolean();
        ConfigVersions.Version deployed;
        try {
            deployed = versions.deploy(ConfigVersions.Kind.ROUTE, id, preview.versionInForce(), content, admin.name(), reason,
                    recorded -> {
                        swapOrRestore(id, content, previous);
                        swapped.set(true);
                    });
        } catch (RuntimeException e) {
            if (swapped.get()) {
                LOG.warn("Route {}: the new version could not be recorded after all; the version in force is restored", id);
                restore(id, previous, true);
            }
            throw e;
        }
        files.write(id, content);
        stateHere.put(id, ConfigVersions.Fingerprint.of(inForce(id)));
        audit.recordAdminAction(admin, MessageEvent.ROUTE_CHANGED, "deployed route " + id + " version " + deployed.version()
                + " (sha-256 " + deployed.checksum() + ")" + ConfigVersions.because(reason));
        return describe(id);
    }

    private void swapOrRestore(String id, String content, String previous) {
        try {
            swap(id, content, true);
        } catch (Exception e) {
            LOG.warn("Route {}: the new version did not start ({}); the version in force is restored", id, e.getMessage());
            restore(id, previous, true);
            throw RefusedRequestException.invalid("body", "camel", "Camel could not start it: " + rootMessage(e)
                    + "; the version in force keeps running");
        }
    }

    synchronized RouteInForce rollback(String id, int version, String reason, KetjuPrincipal admin) {
        ConfigVersions.Version earlier = versions.find(ConfigVersions.Kind.ROUTE, id, version).orElseThrow(() ->
                RefusedRequestException.notFound("version", "exists", "route " + id + " has no version " + version));
        return deploy(id, earlier.content(), "rollback to version " + version + ConfigVersions.because(reason), admin);
    }

    /**
     * Suspends (the route takes no more messages; they wait on its queue) or resumes a route. Camel's suspension of a
     * JMS route stops its listener container; a route suspended before the hub started was never started at all.
     */
    synchronized RouteInForce suspend(String id, boolean suspend, String reason, KetjuPrincipal admin) {
        if (camel.getRoute(id) == null) {
            throw RefusedRequestException.conflict("id", "route", id + " defines no running route (a template or configuration)");
        }
        versions.setSuspended(ConfigVersions.Kind.ROUTE, id, suspend, admin.name(), () -> {
            try {
                hold(id, suspend);
            } catch (Exception e) {
                throw new IllegalStateException("cannot " + (suspend ? "suspend" : "resume") + " route " + id, e);
            }
        });
        stateHere.put(id, ConfigVersions.Fingerprint.of(inForce(id)));
        audit.recordAdminAction(admin, MessageEvent.ROUTE_CHANGED, (suspend ? "suspended" : "resumed") + " route " + id + ConfigVersions.because(reason));
        return describe(id);
    }

    List<ConfigVersions.Version> history(String id) {
        inForce(id);
        return versions.history(ConfigVersions.Kind.ROUTE, id);
    }

    /** The file as in force, for the repository to follow. */
    ConfigVersions.Version export(String id, KetjuPrincipal admin) {
        ConfigVersions.Version inForce = inForce(id).version();
        audit.recordAdminAction(admin, MessageEvent.CONFIGURATION_EXPORTED, "route " + id + " version " + inForce.version());
        return inForce;
    }

    private Preview check(String id, String content) {
        ConfigVersions.InForce inForce = inForce(id);
        String checksum = ConfigVersions.checksum(content);
        List<SchemaViolation> errors = new ArrayList<>();
        String kind = null;
        try {
            JsonNode file = YAML.readTree(content);
            if (file == null || !file.isArray() || file.size() != 1 || !file.get(0).isObject() || file.get(0).size() != 1
                    || !KINDS.contains(file.get(0).fieldNames().next())) {
                errors.add(new SchemaViolation("/", "shape", "must be a YAML list of one element: one of " + KINDS));
            } else {
                kind = file.get(0).fieldNames().next();
                checkShape(id, kind, file.get(0).get(kind), kindOf(inForce.version().content()), errors);
            }
        } catch (JsonProcessingException e) {
            errors.add(new SchemaViolation(where(e), "yaml", e.getOriginalMessage()));
        }
        if (errors.isEmpty()) {
            try {
                build(id, content);
            } catch (Exception e) {
                errors.add(new SchemaViolation("body", "camel", rootMessage(e)));
            }
        }
        return new Preview(id, kind, checksum, errors.isEmpty(), errors, inForce.version().version(), inForce.version().checksum(),
                TextDiff.unified(id + ".camel.yaml", inForce.version().content(), content));
    }

    private void checkShape(String id, String kind, JsonNode definition, String kindInForce, List<SchemaViolation> errors) {
        String idKey = kind.equals("templatedRoute") ? "routeId" : "id";
        if (!id.equals(definition.path(idKey).asText())) {
            errors.add(new SchemaViolation("/0/" + kind + "/" + idKey, "file-name",
                    "must be " + id + ": a route's id is its file name"));
        }
        if (!kind.equals(kindInForce)) {
            errors.add(new SchemaViolation("/0/" + kind, "kind", "must stay a " + kindInForce + ", as the version in force is"));
        }
        if (kind.equals("route") && !ERROR_HANDLING.equals(definition.path("routeConfigurationId").asText())) {
            errors.add(new SchemaViolation("/0/route/routeConfigurationId", "error-handling",
                    "must be " + ERROR_HANDLING + ": every route uses the shared error handling"));
        }
        if (kind.equals("templatedRoute")) {
            String template = definition.path("routeTemplateRef").asText();
            if (((ModelCamelContext) camel).getRouteTemplateDefinition(template) == null) {
                errors.add(new SchemaViolation("/0/templatedRoute/routeTemplateRef", "exists", "no route template " + template));
            }
        }
    }

    /** Has Camel parse the file into route definitions, without adding them to the running context. */
    private void build(String id, String content) throws Exception {
        for (RoutesBuilder builder : PluginHelper.getRoutesLoader(camel).findRoutesBuilders(resource(id, content))) {
            if (builder instanceof RouteBuilder routes) {
                routes.setCamelContext(camel);
                routes.configure();
            }
        }
    }

    /**
     * Puts in force here what another instance deployed, rolled back, suspended or resumed (it checked a new version
     * before recording it). A changed template or route configuration cannot be swapped live: it is in force here at
     * the next restart, as on the instance that recorded it.
     */
    @Scheduled(fixedDelayString = "${ketju.routes-follow-interval:5s}", initialDelayString = "${ketju.routes-follow-interval:5s}")
    synchronized void followOtherInstances() {
        stateInDatabase().forEach((id, state) -> {
            ConfigVersions.Fingerprint here = stateHere.get(id);
            if (state.equals(here)) {
                return;
            }
            ConfigVersions.InForce inForce = inForce(id);
            String kind = kindOf(inForce.version().content());
            if (here == null || !here.checksum().equals(inForce.version().checksum())) {
                if (kind.equals("routeTemplate") || kind.equals("routeConfiguration")) {
                    LOG.warn("Route {} version {} was put in force by another instance; a {} is changed here at the next restart",
                            id, inForce.version().version(), kind);
                } else {
                    followVersion(id, inForce);
                }
            }
            if (camel.getRoute(id) != null) {
                try {
                    hold(id, inForce.suspended());
                } catch (Exception e) {
                    LOG.error("Route {}: could not {} it as another instance did", id, inForce.suspended() ? "suspend" : "resume", e);
                }
            }
            stateHere.put(id, state);
        });
    }

    private void followVersion(String id, ConfigVersions.InForce inForce) {
        String previous = files.read(id);
        try {
            swap(id, inForce.version().content(), !inForce.suspended());
            files.write(id, inForce.version().content());
            LOG.info("Route {}: version {}, put in force by another instance, is in force here", id, inForce.version().version());
        } catch (Exception e) {
            LOG.error("Route {}: version {}, put in force by another instance, did not start here; the version before it is"
                    + " restored here", id, inForce.version().version(), e);
            restore(id, previous, !inForce.suspended());
        }
    }

    /** Suspends a running route, or runs a held one: a route held since the start was never started, so it starts. */
    private void hold(String id, boolean held) throws Exception {
        ServiceStatus status = camel.getRouteController().getRouteStatus(id);
        if (held && status == ServiceStatus.Started) {
            camel.getRouteController().suspendRoute(id);
        } else if (!held && status == ServiceStatus.Stopped) {
            camel.getRouteController().startRoute(id);
        } else if (!held && status == ServiceStatus.Suspended) {
            camel.getRouteController().resumeRoute(id);
        }
    }

    /** The routes of the repository as the database has them in force. */
    private Map<String, ConfigVersions.Fingerprint> stateInDatabase() {
        Map<String, ConfigVersions.Fingerprint> state = versions.fingerprintsInForce(ConfigVersions.Kind.ROUTE);
        state.keySet().retainAll(files.repositoryIds());
        return state;
    }

    /** Replaces the route (also one the new version left half added) by the file's; starts it unless told not to. */
    private void swap(String id, String content, boolean start) throws Exception {
        if (camel.getRoute(id) != null) {
            camel.getRouteController().stopRoute(id); // graceful: in-flight messages finish and commit
            camel.removeRoute(id);
        }
        PluginHelper.getRoutesLoader(camel).loadRoutes(resource(id, content));
        if (camel.getRoute(id) == null) {
            throw new IllegalStateException("the file defines no route " + id);
        }
        if (start && camel.getRouteController().getRouteStatus(id) != ServiceStatus.Started) {
            camel.getRouteController().startRoute(id);
        }
    }

    private void restore(String id, String previous, boolean start) {
        try {
            swap(id, previous, start);
        } catch (Exception e) {
            LOG.error("Route {}: the version in force could not be restored; restart the hub", id, e);
        }
    }

    /**
     * Routes an admin suspended stay suspended after a restart: Camel loads them but does not start them. Started
     * and suspended once the hub is up, a route's listener could take held messages in between.
     */
    private final class SuspendedStayHeld implements ModelLifecycleStrategy {

        @Override
        public void onAddRouteDefinition(RouteDefinition route) {
            if (route.getRouteId() != null && versions.inForce(ConfigVersions.Kind.ROUTE, route.getRouteId())
                    .map(ConfigVersions.InForce::suspended).orElse(false)) {
                route.setAutoStartup("false");
            }
        }

        @Override
        public void onRemoveRouteDefinition(RouteDefinition route) {
        }

        @Override
        public void onAddRouteTemplateDefinition(RouteTemplateDefinition template) {
        }

        @Override
        public void onRemoveRouteTemplateDefinition(RouteTemplateDefinition template) {
        }
    }

    private static Resource resource(String id, String content) {
        return ResourceHelper.fromString(id + AdminSettings.ROUTE_SUFFIX, content);
    }

    /**
     * The route template and the shared error handling are used by several routes: changing them live would
     * mean re-creating each of those routes in one step, which Camel does not do atomically.
     */
    private static void refuseSharedDefinitions(String id, String kind) {
        if (kind.equals("routeTemplate") || kind.equals("routeConfiguration")) {
            throw RefusedRequestException.conflict("id", "shared-definition", id + " is a " + kind
                    + " shared by several routes; it cannot be swapped live. Change it in routes/ and restart the hub"
                    + " (the repository's new content becomes the next version in force).");
        }
    }

    private String status(String id, String kind, boolean suspended) {
        if (kind.equals("routeTemplate")) {
            return "template";
        }
        if (kind.equals("routeConfiguration")) {
            return "configuration";
        }
        ServiceStatus status = camel.getRouteController().getRouteStatus(id);
        if (status == ServiceStatus.Started) {
            return "running";
        }
        return status == ServiceStatus.Suspended || status == ServiceStatus.Stopped && suspended ? "suspended" : "failed";
    }

    private ConfigVersions.InForce inForce(String id) {
        return versions.inForce(ConfigVersions.Kind.ROUTE, id)
                .filter(found -> files.repositoryIds().contains(id))
                .orElseThrow(() -> RefusedRequestException.notFound("id", "exists", "no route " + id));
    }

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
            throw RefusedRequestException.invalid(where(e), "yaml", e.getOriginalMessage());
        }
    }

    private static String kindOf(String content) {
        try {
            return YAML.readTree(content).get(0).fieldNames().next();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a route in force is not YAML", e);
        }
    }

    private static String where(JsonProcessingException e) {
        return e.getLocation() == null ? "body" : "line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
    }

    private static String describe(List<SchemaViolation> errors) {
        return String.join("; ", errors.stream().map(e -> e.field() + ": " + e.detail()).toList());
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + root.getMessage() + ")";
    }
}
