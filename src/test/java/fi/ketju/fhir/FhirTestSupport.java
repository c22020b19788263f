package fi.ketju.fhir;

import java.nio.file.Path;

import ca.uhn.fhir.context.FhirContext;
import fi.ketju.mapping.MappingSettings;

/**
 * The hub's real FHIR context and validator, built from {@link FhirConfiguration} without Spring, for tests in any
 * package. The validator warms up while it is built, which takes seconds: build it once per test class.
 */
public final class FhirTestSupport {

    private FhirTestSupport() {
    }

    /** Strict, as in the hub: an unknown element or an invalid value fails the parse. */
    public static FhirContext fhirContext() {
        return new FhirConfiguration().fhirContext();
    }

    /** Knows Ketju's conformance resources under {@code mappingsDir}/fhir/conformance. */
    public static FhirResourceValidator validator(FhirContext fhirContext, Path mappingsDir) {
        FhirConfiguration configuration = new FhirConfiguration();
        return new FhirResourceValidator(configuration.fhirValidator(fhirContext,
                configuration.validationSupportChain(fhirContext, new MappingSettings(mappingsDir))));
    }
}
