package fi.ketju.mapping;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * The mapping set in force. A translation takes {@link #current()} once and uses that set throughout, so a
 * deploy ({@link #install}) is atomic for every message: none is translated half by the old and half by the new
 * version, and none waits for the swap.
 */
@Component
public class MappingsInForce {

    private final MappingSet repository;
    private volatile MappingSet current;

    MappingsInForce(MappingSettings settings, MeterRegistry registry) {
        this.repository = MappingSet.of(settings.mappingsDir(), registry);
        this.current = repository;
    }

    /** The mappings as the repository's files have them, whatever was deployed over them. */
    public MappingSet repository() {
        return repository;
    }

    public MappingSet current() {
        return current;
    }

    /** Puts {@code mappings} in force for every translation that starts from now on. */
    public void install(MappingSet mappings) {
        this.current = mappings;
    }
}
