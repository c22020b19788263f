package fi.ketju.measure;

import ca.uhn.fhir.context.FhirContext;
import fi.ketju.mapping.MappingSettings;
import fi.ketju.mapping.MappingsInForce;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
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
import org.springframework.boot.autoconfigure.transaction.TransactionAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * The measure components alone on a database of the caller's choice (schema by Flyway, the sandbox profile's keys, the
 * repository's mappings/): for the measure tests, the PostgreSQL test and the benchmark (src/bench). Facts are
 * recorded by MeasureFacts, as the doors record them.
 */
// Not a @Configuration: the hub's tests scan fi.ketju and must not find this second FhirContext and MeterRegistry.
@ImportAutoConfiguration({DataSourceAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class,
        TransactionAutoConfiguration.class, JdbcTemplateAutoConfiguration.class, JdbcClientAutoConfiguration.class,
        FlywayAutoConfiguration.class, JacksonAutoConfiguration.class})
@ConfigurationPropertiesScan(basePackageClasses = {MeasureSettings.class, MappingSettings.class})
@Import({ClientPseudonyms.class, MeasureFacts.class, MeasureEvaluation.class, MeasureCatalogue.class, MeasureReports.class,
        Measures.class, MappingsInForce.class})
public class MeasureStore {

    @Bean
    FhirContext fhirContext() {
        return FhirContext.forR4();
    }

    @Bean
    MeterRegistry meterRegistry() {
        return new SimpleMeterRegistry();
    }

    /** {@code properties}: spring.datasource.* and any ketju.measures.* to set, as name=value. */
    public static ConfigurableApplicationContext start(String... properties) {
        List<String> args = new ArrayList<>();
        Stream.of(properties).map(property -> "--" + property).forEach(args::add);
        SpringApplicationBuilder builder = new SpringApplicationBuilder(MeasureStore.class)
                .web(WebApplicationType.NONE)
                .profiles("sandbox");
        // The FHIR validator's warm-up (FhirStartup, started for every application context) is not needed here: a minute
        // of CPU that would slow the tests and the benchmark's figures down.
        builder.application().setInitializers(builder.application().getInitializers().stream()
                .filter(initializer -> !initializer.getClass().getName().startsWith("fi.ketju.fhir.")).toList());
        return builder.run(args.toArray(String[]::new));
    }
}
