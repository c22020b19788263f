package fi.ketju.fhir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.Ordered;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.validation.FhirValidator;

/**
 * Builds the hub's FHIR context, validation support chain and validator on a thread of its own that starts before any
 * bean is created (an ApplicationContextInitializer, listed in META-INF/spring.factories). Loading and indexing the
 * FHIR core definitions takes seconds: this way it runs beside the whole start-up instead of after the broker, the
 * database and half the beans. A bean that needs a part waits only for that part. The validator's warm-up
 * ({@link ValidatorWarmUp}) waits until the hub is ready: nothing needs it before, and on two cores its validation
 * and the compiling it sets off took a third of the start's CPU from the start itself.
 */
final class FhirStartup {

    private static final Logger log = LoggerFactory.getLogger(FhirStartup.class);

    private final CompletableFuture<FhirContext> fhirContext = new CompletableFuture<>();
    private final CompletableFuture<ValidationSupportChain> validationSupportChain = new CompletableFuture<>();
    private final CompletableFuture<FhirValidator> validator = new CompletableFuture<>();
    private final CompletableFuture<Void> warmedUp = new CompletableFuture<>();
    private final CompletableFuture<Void> applicationReady = new CompletableFuture<>();

    private FhirStartup(Path mappingsDir) {
        new Thread(() -> build(mappingsDir), "fhir-startup").start();
    }

    /** Each part as soon as it is ready; a failure fails every part not yet built, and so the start-up. */
    private void build(Path mappingsDir) {
        try {
            FhirContext context = FhirConfiguration.newFhirContext();
            fhirContext.complete(context);
            ValidationSupportChain chain = FhirConfiguration.newValidationSupportChain(context, mappingsDir);
            validationSupportChain.complete(chain);
            FhirValidator built = FhirConfiguration.newFhirValidator(context, chain);
            validator.complete(built);
            if (!awaitApplicationReady()) {
                return;
            }
            ValidatorWarmUp.warmUp(built);
            warmedUp.complete(null);
        } catch (RuntimeException | Error e) {
            if (validator.isDone()) {
                // The hub runs on without its FHIR door (503, health DOWN): the reason is the validator's, logged here.
                log.error("The FHIR validator failed its warm-up; the FHIR door stays closed", e);
            }
            List.of(fhirContext, validationSupportChain, validator, warmedUp).forEach(part -> part.completeExceptionally(e));
        }
    }

    /** Whether the hub became ready; false if its start failed or its context closed first (then no warm-up). */
    private boolean awaitApplicationReady() {
        try {
            applicationReady.join();
            return true;
        } catch (CompletionException e) {
            warmedUp.completeExceptionally(e.getCause());
            return false;
        }
    }

    FhirContext fhirContext() {
        return fhirContext.join();
    }

    ValidationSupportChain validationSupportChain() {
        return validationSupportChain.join();
    }

    FhirValidator validator() {
        return validator.join();
    }

    ValidatorWarmUp warmUp() {
        return new ValidatorWarmUp(warmedUp);
    }

    /**
     * Lets the warm-up begin once the hub is ready; first of the ready event's listeners, since another may wait for the
     * warm-up (the tests' FhirDoorReadyBeforeTests does). Only the hub's own context closing counts, not a child's (the
     * management server's, when it has a port of its own), whose events reach this context's listeners too.
     */
    private record ReadyListener(FhirStartup startup, ConfigurableApplicationContext context)
            implements ApplicationListener<ApplicationEvent>, Ordered {

        @Override
        public void onApplicationEvent(ApplicationEvent event) {
            if (event instanceof ApplicationReadyEvent) {
                startup.applicationReady.complete(null);
            } else if (event instanceof ApplicationFailedEvent
                    || event instanceof ContextClosedEvent closed && closed.getApplicationContext() == context) {
                // No warm-up for a start that failed or a context closed before it was ready.
                startup.applicationReady.completeExceptionally(new IllegalStateException("the hub did not start"));
            }
        }

        @Override
        public int getOrder() {
            return Ordered.HIGHEST_PRECEDENCE;
        }
    }

    /** Starts the FHIR start-up with the application context, before its beans. */
    static final class Initializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

        @Override
        public void initialize(ConfigurableApplicationContext context) {
            Path mappingsDir = Binder.get(context.getEnvironment()).bind("ketju.mappings-dir", Path.class)
                    .orElseThrow(() -> new IllegalStateException("ketju.mappings-dir (KETJU_MAPPINGS_DIR) is not set"));
            FhirStartup startup = new FhirStartup(mappingsDir);
            context.getBeanFactory().registerSingleton("fhirStartup", startup);
            context.addApplicationListener(new ReadyListener(startup, context));
        }
    }
}
