package fi.ketju.measure;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import fi.ketju.mapping.SchemaViolation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.Expression;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Measure;

/**
 * One measure as declared in mappings/measures/{id}.measure.json: a FHIR R4 Measure whose criteria are SQL over the
 * read-only facts (V30, V32). The Measure names its queries (extension {@value #QUERY}, valueExpression with a name,
 * language application/sql and the SELECT); each group refers to one ({@value #QUERY}, valueExpression with reference
 * "#name"). A query answers one row per counted thing, or per group of like things with a {@code count} column; a
 * population's criteria and a stratifier component's criteria are SQL expressions too, each a column of the group's
 * query: a population counts the rows whose column is not 0 (measure-observation: not null, the value observed), a
 * stratum is a value of its columns. Groups that share a query are one table to the small-cell suppression.
 * Parameters of every query: :periodStart and :periodEnd (days since 1970-01-01, end exclusive). Every query answers
 * the rows of all organisations, each with an {@code organisation} column (a business id, null for none): the report
 * of one organisation is cut out of them (MeasureEvaluation).
 */
record MeasureDefinition(String id, Measure resource, Map<String, String> queries, List<Group> groups) {

    static final String SQL = "application/sql";
    static final String QUERY = "https://ketju.fi/fhir/StructureDefinition/measure-query";
    /** On a group whose score is a percentile of its measure-observation (50: the median). */
    static final String PERCENTILE = "https://ketju.fi/fhir/StructureDefinition/measure-percentile";
    static final String FOLDER = "measures";
    static final String SUFFIX = ".measure.json";
    /** The populations of FHIR's measure-population code system that the engine counts. */
    static final Set<String> POPULATIONS = Set.of("initial-population", "denominator", "numerator", "measure-observation");
    /** The facts' columns that identify one client or one message: never a stratum (measure_facts, V30). */
    static final Set<String> IDENTIFIERS = Set.of("message_id", "client", "chain_id", "answers_referral");
    private static final Pattern COLUMN = Pattern.compile("[a-z][a-z0-9_]{0,62}");
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    /** One statement that reads: no statement separator, and a SELECT (or a WITH before one). */
    private static final Pattern READS = Pattern.compile("(?is)\\s*(select|with)\\b[^;]*");

    /** A group: its code, its query's name, its populations (code to column), stratifiers (code to columns), percentile. */
    record Group(String code, String description, String query, Map<String, String> populations, Map<String, List<String>> stratifiers,
            Integer percentile) {

        boolean proportion() {
            return populations.containsKey("numerator") && populations.containsKey("denominator");
        }

        /** Every column the group reads of its query. */
        Set<String> columns() {
            Set<String> columns = new LinkedHashSet<>(populations.values());
            stratifiers.values().forEach(columns::addAll);
            return columns;
        }
    }

    /** The measure in {@code content} at {@code path} (mappings/measures/{id}.measure.json), or every rule it breaks. */
    static Parsed parse(FhirContext fhir, String path, String content) {
        List<SchemaViolation> errors = new ArrayList<>();
        Measure measure;
        try {
            measure = fhir.newJsonParser().parseResource(Measure.class, content);
        } catch (DataFormatException | ClassCastException e) {
            return new Parsed(null, List.of(new SchemaViolation("/", "fhir-measure", "not a FHIR R4 Measure in JSON: " + e.getMessage())));
        }
        String id = path.substring(path.lastIndexOf('/') + 1, path.length() - SUFFIX.length());
        if (!ID.matcher(id).matches() || !id.equals(measure.getIdElement().getIdPart())) {
            errors.add(new SchemaViolation("/id", "file-name", "the Measure's id must be the file's name (" + id
                    + SUFFIX + "), lower-case letters, digits and hyphens"));
        }
        if (!measure.hasTitle() || !measure.hasDescription()) {
            errors.add(new SchemaViolation("/title", "required", "a measure needs a title and a description"));
        }
        Map<String, String> queries = new HashMap<>();
        for (int i = 0; i < measure.getExtensionsByUrl(QUERY).size(); i++) {
            Extension extension = measure.getExtensionsByUrl(QUERY).get(i);
            String field = "/extension[" + QUERY + "][" + i + "]";
            if (!(extension.getValue() instanceof Expression query) || !query.hasName() || !SQL.equals(query.getLanguage())
                    || !query.hasExpression()) {
                errors.add(new SchemaViolation(field, "named-sql-query", "a measure query is a valueExpression with a name,"
                        + " language " + SQL + " and the query"));
            } else if (!READS.matcher(query.getExpression()).matches()) {
                errors.add(new SchemaViolation(field, "select-only", "query " + query.getName()
                        + " must be one SELECT (or WITH ... SELECT) statement, without ';'"));
            } else {
                queries.put(query.getName(), query.getExpression());
            }
        }
        List<Group> groups = new ArrayList<>();
        Set<String> codes = new LinkedHashSet<>();
        for (int g = 0; g < measure.getGroup().size(); g++) {
            Group group = group(path, measure.getGroup().get(g), "/group[" + g + "]", queries, errors);
            if (group != null && !codes.add(group.code())) {
                errors.add(new SchemaViolation("/group[" + g + "]/code", "unique", "group " + group.code() + " is declared twice"));
            }
            if (group != null) {
                groups.add(group);
            }
        }
        if (groups.isEmpty() && errors.isEmpty()) {
            errors.add(new SchemaViolation("/group", "required", "a measure needs at least one group"));
        }
        return new Parsed(errors.isEmpty() ? new MeasureDefinition(id, measure, Map.copyOf(queries), List.copyOf(groups)) : null,
                List.copyOf(errors));
    }

    /** What parsing a measure file answers: the measure, or the rules it breaks. */
    record Parsed(MeasureDefinition measure, List<SchemaViolation> errors) {
    }

    private static Group group(String path, Measure.MeasureGroupComponent group, String field, Map<String, String> queries,
            List<SchemaViolation> errors) {
        int before = errors.size();
        String code = group.getCode().getCodingFirstRep().getCode();
        if (code == null || !ID.matcher(code).matches()) {
            errors.add(new SchemaViolation(field + "/code", "group-code", "a group needs a code (lower-case letters, digits, hyphens)"));
        }
        List<Extension> queryRefs = group.getExtensionsByUrl(QUERY);
        String query = queryRefs.size() == 1 && queryRefs.get(0).getValue() instanceof Expression ref && ref.hasReference()
                ? ref.getReference().replaceFirst("^#", "") : null;
        if (query == null || !queries.containsKey(query)) {
            errors.add(new SchemaViolation(field + "/extension[" + QUERY + "]", "query-reference",
                    "a group refers to one of the measure's queries by valueExpression.reference \"#<name>\""));
        }
        Map<String, String> populations = new LinkedHashMap<>();
        for (int p = 0; p < group.getPopulation().size(); p++) {
            Measure.MeasureGroupPopulationComponent population = group.getPopulation().get(p);
            String populationCode = population.getCode().getCodingFirstRep().getCode();
            String column = column(population.getCriteria());
            if (!POPULATIONS.contains(populationCode) || column == null || populations.put(populationCode, column) != null) {
                errors.add(new SchemaViolation(field + "/population[" + p + "]", "population", "each population is one of "
                        + POPULATIONS + ", once, with criteria in " + SQL + " naming a column of the group's query"));
            }
        }
        Map<String, List<String>> stratifiers = new LinkedHashMap<>();
        for (int s = 0; s < group.getStratifier().size(); s++) {
            Measure.MeasureGroupStratifierComponent stratifier = group.getStratifier().get(s);
            // One column as the stratifier's criteria, or several as its components (FHIR's mea-1: not both); a
            // stratifier of components has no code of its own (mea-1 again), so its element id names it.
            List<String> columns = stratifier.hasComponent()
                    ? stratifier.getComponent().stream().map(component -> column(component.getCriteria())).toList()
                    : Collections.singletonList(column(stratifier.getCriteria()));
            String stratifierCode = stratifier.hasComponent() ? stratifier.getId() : stratifier.getCode().getText();
            if (stratifierCode == null || columns.isEmpty() || columns.contains(null) || stratifiers.put(stratifierCode, columns) != null) {
                errors.add(new SchemaViolation(field + "/stratifier[" + s + "]", "stratifier", "a stratifier is one column (code.text and criteria) or several (an id and components), each criteria in "
                        + SQL + " naming a column of the group's query"));
            } else if (query != null && queries.containsKey(query)) {
                String stratifierField = field + "/stratifier[" + s + "]";
                columns.stream().map(column -> MeasureStrata.problem(queries.get(query), column)).flatMap(Optional::stream).distinct()
                        .forEach(problem -> errors.add(new SchemaViolation(stratifierField, "strata-codes", path + ": " + problem)));
            }
        }
        Integer percentile = null;
        if (group.hasExtension(PERCENTILE)) {
            var value = group.getExtensionByUrl(PERCENTILE).getValue();
            percentile = value instanceof org.hl7.fhir.r4.model.IntegerType p && p.getValue() > 0 && p.getValue() < 100 ? p.getValue() : null;
            if (percentile == null || !populations.containsKey("measure-observation")) {
                errors.add(new SchemaViolation(field + "/extension[" + PERCENTILE + "]", "percentile",
                        "a percentile is a valueInteger from 1 to 99, of a group with a measure-observation population"));
            }
        }
        if (populations.containsKey("numerator") != populations.containsKey("denominator")) {
            errors.add(new SchemaViolation(field + "/population", "proportion", "a numerator needs a denominator, and one only with it"));
        }
        return errors.size() > before ? null
                : new Group(code, group.getDescription(), query, populations, stratifiers, percentile);
    }

    /** A criterion that names a column of the query, in lower case. */
    private static String column(Expression criteria) {
        if (criteria == null || !SQL.equals(criteria.getLanguage()) || !criteria.hasExpression()) {
            return null;
        }
        String column = criteria.getExpression().trim().toLowerCase(Locale.ROOT);
        return COLUMN.matcher(column).matches() ? column : null;
    }
}
