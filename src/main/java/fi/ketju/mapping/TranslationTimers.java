package fi.ketju.mapping;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The timers of {@value MappingSet#TRANSLATIONS}, one per mapping and outcome, looked up once: a translation is on
 * every message's path, and registering a meter builds and hashes its id each time.
 */
final class TranslationTimers {

    private final MeterRegistry registry;
    private final Map<String, Timer> successes = new ConcurrentHashMap<>();
    private final Map<String, Timer> failures = new ConcurrentHashMap<>();

    TranslationTimers(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Timers that count nothing: for an admin's dry run, whose translations are not the hub's work. */
    static TranslationTimers none() {
        return new TranslationTimers(new CompositeMeterRegistry());
    }

    Timer timer(String mapping, boolean success) {
        return (success ? successes : failures).computeIfAbsent(mapping, key -> Timer.builder(MappingSet.TRANSLATIONS)
                .description("Translations by mapping and outcome, and the time each took")
                .tag("mapping", mapping).tag("outcome", success ? "success" : "failure").register(registry));
    }
}
