package fi.ketju.console;

import fi.ketju.broker.QueueNames;
import fi.ketju.delivery.PartnerDirectory;
import fi.ketju.message.DeliveryStatus;
import fi.ketju.message.MessageLedger;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;
import org.springframework.stereotype.Component;

/**
 * Each partner's figures for the overview. Circuit, queue depth and latency are what /actuator/prometheus already
 * publishes (read from the same meter registry); the last hour's and day's outcomes come from the ledger, by its
 * indexed updated_at, because the counters count only since this instance started. Counts only: no message content.
 */
@Component
class PartnerFigures {

    private static final String CIRCUIT_STATE = "resilience4j.circuitbreaker.state";
    private static final String QUEUE_DEPTH = "artemis.message.count";
    private static final String LATENCY = "ketju.delivery.latency";
    private static final double P95 = 0.95;

    private final PartnerDirectory partners;
    private final QueueNames queues;
    private final MeterRegistry registry;
    private final MessageLedger ledger;

    PartnerFigures(PartnerDirectory partners, QueueNames queues, MeterRegistry registry, MessageLedger ledger) {
        this.partners = partners;
        this.queues = queues;
        this.registry = registry;
        this.ledger = ledger;
    }

    /** Delivered, failed (and to be retried) and dead deliveries last changed in a period. */
    record Outcomes(long delivered, long failed, long dead) {

        static Outcomes of(Map<DeliveryStatus, MessageLedger.OutcomeCounts> counts,
                ToLongFunction<MessageLedger.OutcomeCounts> period) {
            return new Outcomes(count(counts, DeliveryStatus.DELIVERED, period), count(counts, DeliveryStatus.FAILED, period),
                    count(counts, DeliveryStatus.DEAD, period));
        }

        private static long count(Map<DeliveryStatus, MessageLedger.OutcomeCounts> counts, DeliveryStatus status,
                ToLongFunction<MessageLedger.OutcomeCounts> period) {
            MessageLedger.OutcomeCounts found = counts.get(status);
            return found == null ? 0 : period.applyAsLong(found);
        }
    }

    /** Null queue depth: not measured here (an external broker is scraped directly); null p95: nothing delivered yet. */
    record Partner(String id, String circuit, Long queueDepth, Outcomes lastHour, Outcomes lastDay, Double p95Millis) {
    }

    List<Partner> all() {
        Instant now = Instant.now();
        Map<String, Map<DeliveryStatus, MessageLedger.OutcomeCounts>> outcomes =
                ledger.outcomesSince(now.minus(Duration.ofDays(1)), now.minus(Duration.ofHours(1)));
        return partners.partners().keySet().stream().sorted()
                .map(id -> new Partner(id, circuit(id), queueDepth(id),
                        Outcomes.of(outcomes.getOrDefault(id, Map.of()), MessageLedger.OutcomeCounts::sinceLater),
                        Outcomes.of(outcomes.getOrDefault(id, Map.of()), MessageLedger.OutcomeCounts::sinceEarlier),
                        p95Millis(id)))
                .toList();
    }

    /** The state whose gauge reads 1 (resilience4j publishes one gauge per state). */
    private String circuit(String partner) {
        return registry.find(CIRCUIT_STATE).tag("name", partner).gauges().stream()
                .filter(gauge -> gauge.value() == 1)
                .map(gauge -> gauge.getId().getTag("state"))
                .findFirst().orElse(null);
    }

    private Long queueDepth(String partner) {
        Gauge depth = registry.find(QUEUE_DEPTH).tag("queue", queues.delivery(partner)).gauge();
        return depth == null ? null : (long) depth.value();
    }

    /** The upper bound of the histogram bucket that holds the 95th percentile (as Prometheus' histogram_quantile bounds it). */
    private Double p95Millis(String partner) {
        Timer latency = registry.find(LATENCY).tag("partner", partner).timer();
        if (latency == null || latency.count() == 0) {
            return null;
        }
        HistogramSnapshot snapshot = latency.takeSnapshot();
        double wanted = P95 * snapshot.count();
        for (CountAtBucket bucket : snapshot.histogramCounts()) {
            if (bucket.count() >= wanted) {
                return bucket.bucket(TimeUnit.MILLISECONDS);
            }
        }
        return snapshot.max(TimeUnit.MILLISECONDS);
    }
}
