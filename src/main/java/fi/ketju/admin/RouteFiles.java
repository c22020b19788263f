package fi.ketju.admin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;

/**
 * The route files in force. Created with the other singletons, so before Camel loads its routes: each file of
 * routes-dir is adopted into the database (ConfigVersions.adopt), and the version in force of each is written to
 * data-dir/routes-in-force, where Camel loads it. A version deployed through the API is thus in force from the
 * first message after a restart.
 */
@Component
class RouteFiles {

    private final AdminSettings settings;

    RouteFiles(AdminSettings settings, ConfigVersions versions) throws IOException {
        this.settings = settings;
        Files.createDirectories(settings.routesInForce());
        try (Stream<Path> stale = Files.list(settings.routesInForce())) {
            for (Path file : stale.toList()) {
                Files.delete(file);
            }
        }
        for (String id : repositoryIds()) {
            String content = Files.readString(settings.routesDir().resolve(id + AdminSettings.ROUTE_SUFFIX), StandardCharsets.UTF_8);
            write(id, versions.adopt(ConfigVersions.Kind.ROUTE, id, content).version().content());
        }
    }

    /** The routes of the repository, by id (file name without .camel.yaml). */
    List<String> repositoryIds() {
        try (Stream<Path> files = Files.list(settings.routesDir())) {
            return files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(AdminSettings.ROUTE_SUFFIX))
                    .map(name -> name.substring(0, name.length() - AdminSettings.ROUTE_SUFFIX.length())).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + settings.routesDir().toAbsolutePath(), e);
        }
    }

    /** The route file in force here, as written at start or by the last change. */
    String read(String id) {
        try {
            return Files.readString(settings.routesInForce().resolve(id + AdminSettings.ROUTE_SUFFIX), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the route " + id + " in force", e);
        }
    }

    void write(String id, String content) {
        try {
            Files.writeString(settings.routesInForce().resolve(id + AdminSettings.ROUTE_SUFFIX), content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the route " + id + " in force", e);
        }
    }
}
