package fi.ketju.admin;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * routes-dir and mappings-dir: the repository's files, the starting state; data-dir/routes-in-force: the routes
 * in force, written from the database at start and on each deploy, which Camel loads (camel.main.routes-include-pattern).
 * So data-dir is each instance's own: instances sharing it would overwrite each other's routes while starting.
 */
@ConfigurationProperties("ketju")
record AdminSettings(Path routesDir, Path mappingsDir, Path dataDir) {

    static final String ROUTE_SUFFIX = ".camel.yaml";

    Path routesInForce() {
        return dataDir.resolve("routes-in-force");
    }
}
