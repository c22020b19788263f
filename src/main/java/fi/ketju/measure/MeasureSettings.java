package fi.ketju.measure;

import java.time.Duration;
import java.time.ZoneId;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * ketju.measures: the key of the clients' pseudonyms in the measure facts, the smallest count a report shows, the
 * time zone whose calendar days and months the facts are counted in, and how long one measure's query may run.
 */
@ConfigurationProperties("ketju.measures")
record MeasureSettings(String pseudonymKey, int smallestCount, ZoneId zone, Duration queryTimeout) {

    MeasureSettings {
        if (smallestCount < 1) {
            throw new IllegalStateException("ketju.measures.smallest-count (KETJU_MEASURES_SMALLEST_COUNT) must be at least 1");
        }
    }
}
