package fi.ketju.measure;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The analyst's side of small-cell suppression: an analyst asks a month's report of all organisations and of each
 * organisation, and knows how they add up: in every report a stratifier's strata add up to the report's figure of all,
 * and each figure of the report of all is the organisations' figures plus those of the rows of no organisation (which no
 * report shows; where there are none, the analyst is taken to know it, as for referrals, which all have a sender).
 * Nothing suppressed in any of the reports may follow from the figures shown in them, by sums and differences of any of
 * them (exact elimination over the rationals, SmallCellsTest#rankOf), nor may a figure of the rows of no organisation
 * that is under the smallest count but not 0; no figure shown is under the smallest count but 0, and a percentile is
 * shown only with its count, and of at least the smallest count. The true figures come from the same measures with
 * the smallest count 1 (nothing suppressed).
 */
final class AnalystDifferencing {

    private static final int SMALLEST = 5;
    /** Every organisation of the synthetic chains: with them, the reports of all and of each add up. */
    static final List<String> ORGANISATIONS = List.of(SyntheticChains.ORGANISATION_A, SyntheticChains.ORGANISATION_B, SyntheticChains.KELA);
    private static final String ALL = "all";
    private static final String NONE = "none";

    private AnalystDifferencing() {
    }

    /** A figure as the analyst names it: the report, the query's column, and all or a stratifier's columns and a stratum. */
    private record Figure(String report, String query, String column, List<String> stratifier, List<String> stratum) {
    }

    static void assertNothingSuppressedFollows(Measures measures, Measures truth, String measure, String month) {
        Map<Figure, Long> shown = new HashMap<>();
        List<Figure> suppressed = new ArrayList<>();
        Set<Figure> listed = new LinkedHashSet<>();
        Map<Figure, Long> trueValues = new HashMap<>();
        List<String> reports = new ArrayList<>(List.of(ALL));
        reports.addAll(ORGANISATIONS);
        for (String report : reports) {
            MeasureFigures figures = measures.month(measure, month, ALL.equals(report) ? null : report);
            read(figures, report, shown, suppressed, listed);
            figures.groups().forEach(group -> percentiles(report, group));
            read(truth.month(measure, month, ALL.equals(report) ? null : report), report, trueValues, new ArrayList<>(), listed);
        }
        // Every figure of every report and of the rows of no organisation; one the report does not list is 0 (known),
        // but the rows of no organisation are known only as the report of all less the organisations'.
        Set<Figure> cells = new LinkedHashSet<>();
        listed.forEach(figure -> {
            cells.add(in(figure, ALL));
            ORGANISATIONS.forEach(organisation -> cells.add(in(figure, organisation)));
            cells.add(in(figure, NONE));
        });
        Map<Figure, Long> none = new HashMap<>();
        cells.stream().filter(cell -> NONE.equals(cell.report())).forEach(cell -> none.put(cell, trueValues.getOrDefault(in(cell, ALL), 0L)
                - ORGANISATIONS.stream().mapToLong(organisation -> trueValues.getOrDefault(in(cell, organisation), 0L)).sum()));
        List<Figure> unknowns = cells.stream().filter(cell -> none.getOrDefault(cell, 0L) != 0 || suppressed.contains(cell)).toList();
        Map<Figure, Integer> index = new HashMap<>();
        unknowns.forEach(unknown -> index.put(unknown, index.size()));
        // The relations among the unknowns alone (the known figures only move each relation's constant).
        List<BigInteger[]> relations = new ArrayList<>();
        for (Figure cell : cells) {
            if (ALL.equals(cell.report())) {
                Map<Figure, Integer> relation = new HashMap<>(Map.of(cell, 1));
                ORGANISATIONS.forEach(organisation -> relation.put(in(cell, organisation), -1));
                relation.put(in(cell, NONE), -1);
                relations.add(row(relation, index));
            }
        }
        Map<Figure, List<Figure>> strataOf = new LinkedHashMap<>();
        for (Figure cell : cells) {
            if (!cell.stratifier().isEmpty()) {
                strataOf.computeIfAbsent(new Figure(cell.report(), cell.query(), cell.column(), cell.stratifier(), List.of()),
                        k -> new ArrayList<>()).add(cell);
            }
        }
        strataOf.forEach((stratifier, strata) -> {
            Map<Figure, Integer> relation = new HashMap<>(Map.of(new Figure(stratifier.report(), stratifier.query(), stratifier.column(),
                    List.of(), List.of()), 1));
            strata.forEach(stratum -> relation.put(stratum, -1));
            relations.add(row(relation, index));
        });
        int rank = SmallCellsTest.rankOf(copy(relations), unknowns.size());
        for (Figure secret : unknowns) {
            long value = none.getOrDefault(secret, 0L);
            if (suppressed.contains(secret) || value > 0 && value < SMALLEST) {
                List<BigInteger[]> with = copy(relations);
                with.add(row(Map.of(secret, 1), index));
                assertThat(SmallCellsTest.rankOf(with, unknowns.size())).as("%s: %s follows from the figures shown", measure, secret)
                        .isGreaterThan(rank);
            }
        }
        shown.forEach((figure, value) -> assertThat(value).as("%s: %s", measure, figure).matches(v -> v == 0 || v >= SMALLEST));
    }

    private static void read(MeasureFigures figures, String report, Map<Figure, Long> shown, List<Figure> suppressed,
            Set<Figure> listed) {
        for (MeasureFigures.Group group : figures.groups()) {
            MeasureDefinition.Group definition = group.definition();
            cell(report, definition, List.of(), List.of(), group.all(), shown, suppressed, listed);
            group.stratifiers().forEach((code, strata) -> strata.forEach(stratum -> cell(report, definition,
                    definition.stratifiers().get(code), stratum.values(), stratum.cell(), shown, suppressed, listed)));
        }
    }

    private static void cell(String report, MeasureDefinition.Group group, List<String> stratifier, List<String> stratum,
            MeasureFigures.Cell cell, Map<Figure, Long> shown, List<Figure> suppressed, Set<Figure> listed) {
        cell.populations().forEach((population, figure) -> {
            Figure named = new Figure(report, group.query(), group.populations().get(population), stratifier, stratum);
            listed.add(named);
            if (figure.suppressed()) {
                if (!suppressed.contains(named)) {
                    suppressed.add(named);
                }
            } else {
                shown.put(named, figure.value().longValueExact());
            }
        });
    }

    /** A percentile is shown only with its count of values, and that at least the smallest count. */
    private static void percentiles(String report, MeasureFigures.Group group) {
        List<MeasureFigures.Cell> cells = new ArrayList<>(List.of(group.all()));
        group.stratifiers().values().forEach(strata -> strata.forEach(stratum -> cells.add(stratum.cell())));
        for (MeasureFigures.Cell cell : cells) {
            if (group.definition().percentile() != null && !cell.score().suppressed()) {
                MeasureFigures.Figure observed = cell.populations().get("measure-observation");
                assertThat(observed.suppressed() || observed.value().longValueExact() < SMALLEST)
                        .as("a percentile of %s in %s shown without its count of at least %d", group.definition().code(), report, SMALLEST)
                        .isFalse();
            }
        }
    }

    private static Figure in(Figure figure, String report) {
        return new Figure(report, figure.query(), figure.column(), figure.stratifier(), figure.stratum());
    }

    /** A relation's coefficients of the unknowns; a known figure has none. */
    private static BigInteger[] row(Map<Figure, Integer> relation, Map<Figure, Integer> index) {
        BigInteger[] row = new BigInteger[index.size()];
        Arrays.fill(row, BigInteger.ZERO);
        relation.forEach((figure, coefficient) -> {
            Integer column = index.get(figure);
            if (column != null) {
                row[column] = row[column].add(BigInteger.valueOf(coefficient));
            }
        });
        return row;
    }

    private static List<BigInteger[]> copy(List<BigInteger[]> rows) {
        return new ArrayList<>(rows.stream().map(BigInteger[]::clone).toList());
    }
}
