package fi.ketju.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.validation.FhirValidator;

class FhirConfigurationTest {

    /** As the hub starts: FhirStartup (from META-INF/spring.factories) builds what FhirConfiguration hands out. */
    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withInitializer(new FhirStartup.Initializer())
            .withUserConfiguration(FhirConfiguration.class, FhirResourceValidator.class);

    @Test
    void providesOneContextChainAndValidatorAndLoadsKetjuCodeSystemFromMappingsDir() {
        contextRunner.withPropertyValues("ketju.mappings-dir=mappings").run(context -> {
            assertThat(context).hasSingleBean(FhirContext.class)
                    .hasSingleBean(ValidationSupportChain.class)
                    .hasSingleBean(FhirValidator.class)
                    .hasSingleBean(FhirResourceValidator.class);
            assertThat(context.getBean(ValidationSupportChain.class)
                    .fetchCodeSystem("https://ketju.fi/fhir/CodeSystem/message-event")).isNotNull();
        });
    }

    @Test
    void theValidatorWarmsUpOnlyOnceTheHubIsReady() {
        contextRunner.withPropertyValues("ketju.mappings-dir=mappings").run(context -> {
            context.getBean(FhirValidator.class); // built: only the ready event holds the warm-up back now
            ValidatorWarmUp warmUp = context.getBean(ValidatorWarmUp.class);
            assertThat(warmUp.warm()).isFalse();
            assertThat(warmUp.failed()).isFalse();

            context.publishEvent(new ApplicationReadyEvent(new SpringApplication(), new String[0],
                    context.getSourceApplicationContext(ConfigurableApplicationContext.class), Duration.ZERO));
            warmUp.warmedUp().get(2, TimeUnit.MINUTES);
            assertThat(warmUp.warm()).isTrue();
        });
    }

    @Test
    void aContextClosedBeforeItWasReadyHasNoWarmUp() {
        AtomicReference<ValidatorWarmUp> warmUp = new AtomicReference<>();
        contextRunner.withPropertyValues("ketju.mappings-dir=mappings").run(context -> {
            context.getBean(FhirValidator.class);
            warmUp.set(context.getBean(ValidatorWarmUp.class));
        });
        assertThatThrownBy(() -> warmUp.get().warmedUp().get(30, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasMessageContaining("the hub did not start");
        assertThat(warmUp.get().failed()).isTrue();
    }

    @Test
    void missingConformanceDirectoryStopsStartupNamingTheProperty() {
        contextRunner.withPropertyValues("ketju.mappings-dir=no-such-dir").run(context ->
                assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("no-such-dir")
                        .hasMessageContaining("ketju.mappings-dir"));
    }

    @Test
    void parserRefusesUnknownElements() {
        FhirContext fhirContext = FhirConfiguration.newFhirContext();
        String patientWithTypo = """
                {"resourceType": "Patient", "identifer": [{"system": "urn:oid:1.2.246.21", "value": "010181-900C"}]}
                """;

        assertThatThrownBy(() -> fhirContext.newJsonParser().parseResource(patientWithTypo))
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining("identifer");
    }
}
