package fi.ketju.fhir;

import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/health} component {@code fhirDoor}: {@code warming} while the FHIR validator warms up after the
 * start (the hub is up and serves; the FHIR door answers 503 with Retry-After), {@code ready} once it takes messages,
 * DOWN with {@code failed} if the validator rejected its warm-up sample (misconfigured: the door stays closed).
 */
@Component("fhirDoorHealthIndicator")
class FhirDoorHealth extends AbstractHealthIndicator {

    private final ValidatorWarmUp warmUp;

    FhirDoorHealth(ValidatorWarmUp warmUp) {
        this.warmUp = warmUp;
    }

    @Override
    protected void doHealthCheck(Health.Builder health) {
        if (warmUp.failed()) {
            health.down().withDetail("state", "failed")
                    .withDetail("reason", "the FHIR validator rejected its warm-up sample (see the hub's log)");
        } else {
            health.up().withDetail("state", warmUp.warm() ? "ready" : "warming");
        }
    }
}
