package fi.ketju.admin;

import static org.assertj.core.api.Assertions.assertThat;

import fi.ketju.HubTestSupport;
import fi.ketju.audit.SingletonLocks;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.JdbcClientAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.JdbcTemplateAutoConfiguration;
import org.springframework.boot.autoconfigure.transaction.TransactionAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Several hub instances on one database start at once with the same new or changed route or mapping file (issue
 * 15): exactly one version is recorded, each instance has it in force, none fails. Each thread stands for an
 * instance (its own connection and transaction); on H2 and on PostgreSQL (embedded, io.zonky), without a hub.
 */
class ConcurrentAdoptionTest {

    private static final int INSTANCES = 8;

    private static EmbeddedPostgres postgres;
    private static ConfigurableApplicationContext h2;
    private static ConfigurableApplicationContext postgreSql;

    /** ConfigVersions and the singleton locks alone, schema by Flyway. */
    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({DataSourceAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class,
            TransactionAutoConfiguration.class, JdbcTemplateAutoConfiguration.class, JdbcClientAutoConfiguration.class,
            FlywayAutoConfiguration.class})
    @ConfigurationPropertiesScan(basePackageClasses = SingletonLocks.class)
    @Import({SingletonLocks.class, ConfigVersions.class})
    static class VersionsAlone {
    }

    @BeforeAll
    static void start() throws IOException {
        h2 = start("spring.datasource.url=jdbc:h2:file:" + HubTestSupport.DATA_DIR.resolve("config-versions-" + UUID.randomUUID())
                + ";AUTO_SERVER=FALSE;DB_CLOSE_ON_EXIT=FALSE", "spring.datasource.username=ketju", "spring.datasource.password=");
        postgres = EmbeddedPostgres.builder().start();
        postgreSql = start("spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
                "spring.datasource.username=postgres", "spring.datasource.password=");
    }

    private static ConfigurableApplicationContext start(String... datasource) {
        return new SpringApplicationBuilder(VersionsAlone.class).web(WebApplicationType.NONE).profiles("sandbox")
                .run(Arrays.stream(datasource).map(property -> "--" + property).toArray(String[]::new));
    }

    @AfterAll
    static void stop() throws IOException {
        h2.close();
        postgreSql.close();
        postgres.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void instancesStartingWithANewFileRecordItOnce(String database) throws Exception {
        ConfigVersions versions = versions(database);
        String id = "new-" + UUID.randomUUID();

        List<ConfigVersions.InForce> adopted = atOnce(instance -> versions.adopt(ConfigVersions.Kind.ROUTE, id, "- route: 1\n"));

        assertThat(adopted).extracting(inForce -> inForce.version().version()).containsOnly(1);
        assertThat(versions.history(ConfigVersions.Kind.ROUTE, id)).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void instancesStartingWithAChangedRouteRecordOneVersion(String database) throws Exception {
        ConfigVersions versions = versions(database);
        String id = "changed-" + UUID.randomUUID();
        versions.adopt(ConfigVersions.Kind.ROUTE, id, "- route: 1\n");

        List<ConfigVersions.InForce> adopted = atOnce(instance -> versions.adopt(ConfigVersions.Kind.ROUTE, id, "- route: 2\n"));

        assertThat(adopted).extracting(inForce -> inForce.version().version()).containsOnly(2);
        assertThat(versions.history(ConfigVersions.Kind.ROUTE, id)).hasSize(2);
        assertThat(versions.inForce(ConfigVersions.Kind.ROUTE, id).orElseThrow().version().content()).isEqualTo("- route: 2\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void instancesStartingWithAChangedFileReadAtStartRecordOneVersion(String database) throws Exception {
        ConfigVersions versions = versions(database);
        String id = "changed-" + UUID.randomUUID() + ".yaml";
        versions.adoptAsRead(ConfigVersions.Kind.MAPPING, id, "table: 1\n");

        List<ConfigVersions.InForce> adopted = atOnce(instance -> versions.adoptAsRead(ConfigVersions.Kind.MAPPING, id, "table: 2\n"));

        assertThat(adopted).extracting(inForce -> inForce.version().version()).containsOnly(2);
        assertThat(versions.history(ConfigVersions.Kind.MAPPING, id)).hasSize(2);
    }

    private static ConfigVersions versions(String database) {
        return (database.equals("h2") ? h2 : postgreSql).getBean(ConfigVersions.class);
    }

    /** What each instance got, all starting together; fails with the first instance's exception. */
    private static <T> List<T> atOnce(Function<Integer, T> start) throws Exception {
        CyclicBarrier together = new CyclicBarrier(INSTANCES);
        ExecutorService instances = Executors.newFixedThreadPool(INSTANCES);
        try {
            List<Future<T>> started = new ArrayList<>();
            for (int i = 0; i < INSTANCES; i++) {
                int instance = i;
                started.add(instances.submit(() -> {
                    together.await();
                    return start.apply(instance);
                }));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> each : started) {
                results.add(each.get());
            }
            return results;
        } finally {
            instances.shutdownNow();
        }
    }
}
