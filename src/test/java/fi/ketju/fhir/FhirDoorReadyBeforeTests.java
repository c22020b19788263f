package fi.ketju.fhir;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;

/**
 * Holds a hub started in a test (listed in src/test/resources/META-INF/spring.factories) at its ready event until its
 * FHIR validator is warm, so that no test meets the door's 503 of a hub still warming up ({@link FhirDoorWarmingUpTest}
 * tests that answer); a failed warm-up fails the start, as it would fail the test.
 */
public final class FhirDoorReadyBeforeTests implements ApplicationListener<ApplicationReadyEvent> {

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        event.getApplicationContext().getBeanProvider(ValidatorWarmUp.class).ifAvailable(warmUp -> warmUp.warmedUp().join());
    }
}
