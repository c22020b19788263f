package fi.ketju.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.validation.FhirValidator;

class FhirConfigurationTest {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
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
    void missingConformanceDirectoryStopsStartupNamingTheProperty() {
        contextRunner.withPropertyValues("ketju.mappings-dir=no-such-dir").run(context ->
                assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("no-such-dir")
                        .hasMessageContaining("ketju.mappings-dir"));
    }

    @Test
    void parserRefusesUnknownElements() {
        FhirContext fhirContext = new FhirConfiguration().fhirContext();
        String patientWithTypo = """
                {"resourceType": "Patient", "identifer": [{"system": "urn:oid:1.2.246.21", "value": "010181-900C"}]}
                """;

        assertThatThrownBy(() -> fhirContext.newJsonParser().parseResource(patientWithTypo))
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining("identifer");
    }
}
