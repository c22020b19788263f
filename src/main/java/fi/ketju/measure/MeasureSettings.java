package fi.ketju.measure;

import java.time.Duration;
import java.time.ZoneId;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * ketju.measures: the key of the clients' pseudonyms in the measure facts, the smallest count a report shows, the
 * time zone whose calendar days and months the facts are counted in, how long one measure's query may run, and the
 * database user the queries run as.
 */
@ConfigurationProperties("ketju.measures")
record MeasureSettings(String pseudonymKey, int smallestCount, ZoneId zone, Duration queryTimeout, Reader reader) {

    /** The database user (made by V31) that may read only the tables measure_facts and measure_recommendations (V32). */
    record Reader(String username, String password) {
    }

    MeasureSettings {
        if (smallestCount < 1) {
            throw new IllegalStateException("ketju.measures.smallest-count (KETJU_MEASURES_SMALLEST_COUNT) must be at least 1");
        }
    }
}
