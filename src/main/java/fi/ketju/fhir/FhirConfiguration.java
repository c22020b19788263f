package fi.ketju.fhir;

import java.nio.file.Path;

import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.r5.utils.validation.constants.BestPracticeWarningLevel;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import fi.ketju.mapping.MappingSettings;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.parser.StrictErrorHandler;
import ca.uhn.fhir.validation.FhirValidator;

/**
 * The one FHIR R4 context, validation support chain and validator of the hub. {@link FhirStartup} builds them on a
 * thread of its own from the first moment of the start-up; the beans here hand them to the rest of the hub.
 */
@EnableConfigurationProperties(MappingSettings.class)
@Configuration(proxyBeanMethods = false)
class FhirConfiguration {

    @Bean
    FhirContext fhirContext(FhirStartup startup) {
        return startup.fhirContext();
    }

    @Bean
    ValidationSupportChain validationSupportChain(FhirStartup startup) {
        return startup.validationSupportChain();
    }

    @Bean
    FhirValidator fhirValidator(FhirStartup startup) {
        return startup.validator();
    }

    @Bean
    ValidatorWarmUp validatorWarmUp(FhirStartup startup) {
        return startup.warmUp();
    }

    /**
     * A context of our own rather than {@code FhirContext.forR4Cached()}: that one is a JVM-wide singleton, and
     * the strict error handler set here must not leak into other code that uses it. Strict: a partner's message
     * with an unknown element or an invalid value is refused at parsing instead of silently losing data.
     */
    static FhirContext newFhirContext() {
        FhirContext fhirContext = FhirContext.forR4();
        fhirContext.setParserErrorHandler(new StrictErrorHandler());
        return fhirContext;
    }

    /**
     * FHIR core, then Ketju's own conformance resources under {@code mappingsDir}/fhir/conformance. No
     * CachingValidationSupport around it: since HAPI FHIR 7.6 the chain caches itself, and in 8.x
     * CachingValidationSupport is a deprecated pass-through.
     */
    static ValidationSupportChain newValidationSupportChain(FhirContext fhirContext, Path mappingsDir) {
        return new ValidationSupportChain(
                new DefaultProfileValidationSupport(fhirContext),
                KetjuConformanceResources.load(fhirContext, mappingsDir.resolve("fhir").resolve("conformance")),
                new CommonCodeSystemsTerminologyService(fhirContext),
                new ExpressionLanguages(fhirContext),
                new InMemoryTerminologyServerValidationSupport(fhirContext),
                new SnapshotGeneratingValidationSupport(fhirContext));
    }

    /** HAPI's instance validator (its core validators reused) with Ketju's rules; cold until {@link ValidatorWarmUp} has used it once. */
    static FhirValidator newFhirValidator(FhirContext fhirContext, ValidationSupportChain validationSupportChain) {
        FhirInstanceValidator instanceValidator = new ReusingInstanceValidator(validationSupportChain);
        // fi-base and other national profiles are not loaded yet: their extensions must not fail a message.
        instanceValidator.setAnyExtensionsAllowed(true);
        // Best-practice hints (e.g. dom-6 "should have narrative") would flag every system-to-system message.
        instanceValidator.setBestPracticeWarningLevel(BestPracticeWarningLevel.Ignore);
        return fhirContext.newValidator()
                .registerValidatorModule(instanceValidator)
                .registerValidatorModule(new KetjuFhirRules());
    }
}
