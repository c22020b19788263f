package fi.ketju.admin;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * What the console's overview shows of the routes and mappings, from the same services as the admin API: the routes
 * that need a look and the latest versions deployed. Ids, versions, authors and times only: no message content.
 */
@Component
public class AdminOverview {

    /** The statuses of a route that should be running and is not (RouteAdministration). */
    private static final List<String> NOT_RUNNING = List.of("failed", "suspended");

    private final RouteAdministration routes;
    private final ConfigVersions versions;

    AdminOverview(RouteAdministration routes, ConfigVersions versions) {
        this.routes = routes;
        this.versions = versions;
    }

    /** A route that is not running (failed to start, suspended) or has failed messages since the hub started. */
    public record RouteAttention(String id, String status, long failed) {
    }

    /** A version of a route or mapping as recorded: who made it and when (the repository's at start, or a deploy). */
    public record Deploy(String kind, String id, int version, String author, Instant at) {
    }

    public List<RouteAttention> routesFailing() {
        return routes.list().stream()
                .filter(route -> NOT_RUNNING.contains(route.status()) || route.figures().failed() > 0)
                .map(route -> new RouteAttention(route.id(), route.status(), route.figures().failed()))
                .toList();
    }

    public List<Deploy> recentDeploys(int limit) {
        return versions.latest(limit).stream()
                .map(change -> new Deploy(change.kind().name().toLowerCase(Locale.ROOT), change.version().id(),
                        change.version().version(), change.version().author(), change.version().createdAt()))
                .toList();
    }
}
