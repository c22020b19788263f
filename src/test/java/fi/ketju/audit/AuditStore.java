package fi.ketju.audit;

import fi.ketju.security.SubjectKeys;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.JdbcClientAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.JdbcTemplateAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The audit components alone on a database of the caller's choice: schema by Flyway, the sandbox profile's
 * development keys, no broker, no web, no scheduling (callers chain and seal themselves). For the store tests
 * and the search benchmark (src/bench).
 */
@Configuration(proxyBeanMethods = false)
@ImportAutoConfiguration({DataSourceAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class,
        JdbcTemplateAutoConfiguration.class, JdbcClientAutoConfiguration.class, FlywayAutoConfiguration.class,
        JacksonAutoConfiguration.class})
@ConfigurationPropertiesScan(basePackageClasses = {AuditSettings.class, SubjectKeys.class})
@Import({SubjectKeys.class, PersonalDataCipher.class, Subjects.class, MessageLog.class, AuditCheckpoints.class,
        AuditVerifier.class, AuditSearch.class, AuditTrail.class, FailureDetails.class, SingletonLocks.class})
class AuditStore {

    /**
     * {@code datasource}: the spring.datasource.* properties (url, username, password). Given as command-line
     * arguments, which take precedence over application.yaml (whose datasource is the hub's own database).
     */
    static ConfigurableApplicationContext start(Path archiveDir, String... datasource) {
        List<String> args = new ArrayList<>(List.of("--ketju.audit.retention.archive-dir=" + archiveDir));
        Stream.of(datasource).map(property -> "--" + property).forEach(args::add);
        return new SpringApplicationBuilder(AuditStore.class)
                .web(WebApplicationType.NONE)
                .profiles("sandbox")
                .run(args.toArray(String[]::new));
    }
}
