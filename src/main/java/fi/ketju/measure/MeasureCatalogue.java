package fi.ketju.measure;

import ca.uhn.fhir.context.FhirContext;
import fi.ketju.mapping.MappingSet;
import fi.ketju.mapping.MappingsInForce;
import fi.ketju.mapping.SchemaViolation;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * The measures in force: mappings/measures/*.measure.json of the mapping set in force, so that a measure is deployed
 * and rolled back like any mapping (fi.ketju.admin.MappingAdministration) and every instance follows. Parsed once per
 * mapping set.
 */
@Component
public class MeasureCatalogue {

    /** H2's "Not enough rights for object"; PostgreSQL's is SQLSTATE 42501, insufficient_privilege. */
    private static final int H2_NOT_ENOUGH_RIGHTS = 90096;
    /** The object a refusal names: H2's {@code object "PUBLIC.MESSAGE"}, PostgreSQL's {@code for table message}. */
    private static final Pattern REFUSED_TABLE = Pattern.compile("object \"(?:[^\".]*\\.)?([^\"]+)\"|permission denied for \\w+ ([\\w.]+)");

    private final MappingsInForce mappings;
    private final FhirContext fhir;
    private final MeasureEvaluation evaluation;
    private volatile Parsed parsed;

    MeasureCatalogue(MappingsInForce mappings, FhirContext fhir, MeasureEvaluation evaluation) {
        this.mappings = mappings;
        this.fhir = fhir;
        this.evaluation = evaluation;
        // The repository's measures must be sound for the hub to start, like its mappings.
        measures();
    }

    private record Parsed(long generation, Map<String, MeasureDefinition> measures) {
    }

    /** The measures in force, by id, in the order of their files. */
    Map<String, MeasureDefinition> measures() {
        MappingSet set = mappings.current();
        Parsed known = parsed;
        if (known != null && known.generation() == set.generation()) {
            return known.measures();
        }
        Map<String, MeasureDefinition> measures = new LinkedHashMap<>();
        List<String> errors = new ArrayList<>();
        set.read(MeasureDefinition.FOLDER, MeasureDefinition.SUFFIX).forEach((path, content) -> {
            MeasureDefinition.Parsed measure = MeasureDefinition.parse(fhir, path, content);
            if (measure.measure() == null) {
                errors.add(path + ": " + SchemaViolation.brokenRules(measure.errors()));
            } else {
                measures.put(measure.measure().id(), measure.measure());
            }
        });
        if (!errors.isEmpty()) {
            throw new IllegalStateException("measures that do not parse: " + errors);
        }
        parsed = new Parsed(set.generation(), Collections.unmodifiableMap(measures));
        return measures;
    }

    Optional<MeasureDefinition> measure(String id) {
        return Optional.ofNullable(measures().get(id));
    }

    /** Whether {@code path} (under mappings/) is a measure file. */
    public static boolean isMeasure(String path) {
        return path.startsWith(MeasureDefinition.FOLDER + "/") && path.endsWith(MeasureDefinition.SUFFIX);
    }

    /**
     * The rules a changed measure file breaks, empty if none (for an admin's validate and deploy): it must parse, and
     * its queries must run (over no days) and answer every column its groups read.
     */
    public List<SchemaViolation> check(String path, String content) {
        MeasureDefinition.Parsed parsed = MeasureDefinition.parse(fhir, path, content);
        if (parsed.measure() == null) {
            return parsed.errors();
        }
        try {
            LocalDate day = LocalDate.of(2000, 1, 1);
            evaluation.evaluate(parsed.measure(), day, day, null);
            return List.of();
        } catch (DataAccessException | IllegalStateException e) {
            // The database's words about the query: about its text, never about data (it ran over no days).
            Throwable cause = NestedExceptionUtils.getMostSpecificCause(e);
            Matcher refused = REFUSED_TABLE.matcher(String.valueOf(cause.getMessage()));
            if (cause instanceof SQLException sql && (sql.getErrorCode() == H2_NOT_ENOUGH_RIGHTS || "42501".equals(sql.getSQLState()))
                    && refused.find()) {
                String table = (refused.group(1) != null ? refused.group(1) : refused.group(2)).toLowerCase(Locale.ROOT);
                return List.of(new SchemaViolation("/extension[" + MeasureDefinition.QUERY + "]", "measure-facts-only", path
                        + " reads " + table + ": a measure's queries may read only measure_facts and measure_recommendations"));
            }
            return List.of(new SchemaViolation("/extension[" + MeasureDefinition.QUERY + "]", "runs",
                    "a query does not run: " + cause.getMessage()));
        }
    }
}
