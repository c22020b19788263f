package fi.ketju.delivery;

import java.util.Map;
import java.util.TreeMap;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/health} component {@code partners}: each partner's circuit (CLOSED, OPEN, HALF_OPEN). An open
 * circuit does not make the hub unhealthy: it still accepts messages and delivers them when the partner is back.
 */
@Component("partnersHealthIndicator")
class PartnerCircuitsHealth extends AbstractHealthIndicator {

    private final PartnerDirectory partners;
    private final PartnerCircuits circuits;

    PartnerCircuitsHealth(PartnerDirectory partners, PartnerCircuits circuits) {
        this.partners = partners;
        this.circuits = circuits;
    }

    @Override
    protected void doHealthCheck(Health.Builder health) {
        Map<String, String> circuitOf = new TreeMap<>();
        partners.partners().keySet().forEach(partner -> circuitOf.put(partner, circuits.state(partner).name()));
        health.up().withDetail("circuits", circuitOf);
    }
}
