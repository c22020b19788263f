package fi.ketju.measure;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * A measure evaluated for a period (and an organisation, or null for all), its small cells suppressed: per group, the
 * figures of all its clients and of each stratum of each stratifier. A suppressed figure has no value.
 */
record MeasureFigures(MeasureDefinition measure, LocalDate start, LocalDate end, String organisation, List<Group> groups) {

    record Group(MeasureDefinition.Group definition, Cell all, Map<String, List<Stratum>> stratifiers) {
    }

    /** One stratum: the values of the stratifier's columns, in its order. */
    record Stratum(List<String> values, Cell cell) {
    }

    /** The populations' counts (by population code) and the score (null when the group has none). */
    record Cell(Map<String, Figure> populations, Figure score) {
    }

    /** A count or a score; null when suppressed. */
    record Figure(BigDecimal value) {

        static final Figure SUPPRESSED = new Figure(null);

        boolean suppressed() {
            return value == null;
        }
    }
}
