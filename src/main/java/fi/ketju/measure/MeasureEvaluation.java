package fi.ketju.measure;

import com.zaxxer.hikari.HikariDataSource;
import jakarta.annotation.PreDestroy;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.jdbc.core.ResultSetExtractor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Evaluates a measure: each of its queries once, in a read-only transaction that is rolled back and may run
 * ketju.measures.query-timeout; the rows are gathered into atoms (MeasureDefinition, SmallCells), the figures of
 * every group sharing the query are summed from them and suppressed together, then the scores (a proportion, or a
 * percentile of the values observed) are worked out from what is shown.
 * <p>
 * An analyst may ask the report of all organisations and the report of each one, and subtract one from another. So a
 * query answers every organisation's rows, each with its {@value #ORGANISATION} column, and the figures of all those
 * reports (all, each organisation, and the rows of no organisation, which all less the organisations' give) are
 * suppressed as one table; the report asked is then cut out of it. Whichever reports an analyst puts side by side, the
 * same figures are hidden in each, and none hidden can be worked out from those shown.
 */
@Component
class MeasureEvaluation {

    /** A stratum value the query left null. */
    static final String NO_VALUE = "none";
    /** The column of a query's rows that names the organisation (a business id) whose report counts the row. */
    static final String ORGANISATION = "organisation";
    private static final String COUNT = "count";

    private final HikariDataSource reader;
    private final JdbcClient jdbc;
    private final TransactionTemplate readOnly;
    private final MeasureSettings settings;
    /** As many queries at once as there are cores: each keeps one busy, more would only take turns. */
    private final ExecutorService pool = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors(), task -> {
        Thread thread = new Thread(task, "measure-query");
        thread.setDaemon(true);
        return thread;
    });

    MeasureEvaluation(DataSourceProperties database, MeasureSettings settings) {
        this.settings = settings;
        // The queries' own connections, as the measures' database user (V31): whatever a measure's SQL names, the
        // database lets it read the facts' two tables only (V32). Not a bean: the hub's DataSource stays the only one.
        this.reader = new HikariDataSource();
        reader.setPoolName("measure-reader");
        reader.setJdbcUrl(readerUrl(database.determineUrl()));
        reader.setUsername(settings.reader().username());
        reader.setPassword(settings.reader().password());
        reader.setReadOnly(true);
        reader.setMaximumPoolSize(Runtime.getRuntime().availableProcessors());
        reader.setMinimumIdle(0);
        this.jdbc = JdbcClient.create(reader);
        this.readOnly = new TransactionTemplate(new DataSourceTransactionManager(reader));
        readOnly.setReadOnly(true);
        readOnly.setTimeout((int) Math.max(1, settings.queryTimeout().toSeconds()));
    }

    /**
     * The hub's database URL for the reader, without a user or password of its own (PostgreSQL's driver would take
     * the URL's over the reader's). H2 applies a URL's settings (cache size, close delay) as statements only an admin
     * may run, so there the reader names the database alone (the hub has it open already, and it joins it). Not with
     * H2's lazy query execution: in the 100,000-chain benchmark a lazily read result failed with "MVStoreException:
     * Chunk not found" (H2 2.3.232) while the store was rewriting its chunks after the facts were recorded.
     */
    static String readerUrl(String url) {
        if (url.startsWith("jdbc:h2:")) {
            return url.split(";", 2)[0];
        }
        return url.replaceAll("(?i)(?<=[?&])(user|password)=[^&]*(&|$)", "").replaceAll("[?&]$", "");
    }

    /** One report asked: a measure for the days [start, end) and one organisation's business id (null: all organisations). */
    record Asked(MeasureDefinition measure, LocalDate start, LocalDate end, String organisation) {
    }

    MeasureFigures evaluate(MeasureDefinition measure, LocalDate start, LocalDate end, String organisation) {
        return evaluate(List.of(new Asked(measure, start, end, organisation))).get(0);
    }

    /**
     * The reports of one request, in its order. Each query of each report is independent of the others (its own
     * transaction, its own suppression), so they run on the pool at once: the database's work spreads over the cores.
     */
    List<MeasureFigures> evaluate(List<Asked> reports) {
        List<Map<String, CompletableFuture<Map<String, MeasureFigures.Group>>>> running = new ArrayList<>();
        for (Asked asked : reports) {
            Map<String, CompletableFuture<Map<String, MeasureFigures.Group>>> queries = new LinkedHashMap<>();
            for (String query : asked.measure().groups().stream().map(MeasureDefinition.Group::query).distinct().toList()) {
                List<MeasureDefinition.Group> sharing = asked.measure().groups().stream().filter(group -> group.query().equals(query)).toList();
                queries.put(query, CompletableFuture.supplyAsync(() -> figures(atoms(asked.measure().queries().get(query), sharing,
                        asked.start(), asked.end()), sharing, asked.organisation()), pool));
            }
            running.add(queries);
        }
        List<MeasureFigures> figures = new ArrayList<>();
        for (int r = 0; r < reports.size(); r++) {
            Asked asked = reports.get(r);
            Map<String, MeasureFigures.Group> groups = new HashMap<>();
            running.get(r).values().forEach(query -> groups.putAll(joined(query)));
            figures.add(new MeasureFigures(asked.measure(), asked.start(), asked.end(), asked.organisation(),
                    asked.measure().groups().stream().map(group -> groups.get(group.code())).toList()));
        }
        return figures;
    }

    /** A query's outcome, its failure thrown as the query threw it (a refusal of the database stays one). */
    private static <T> T joined(CompletableFuture<T> query) {
        try {
            return query.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    @PreDestroy
    void stop() {
        pool.shutdownNow();
        reader.close();
    }

    /** The atoms of one query's rows: each distinct combination of the strata and the population memberships. */
    private static final class Atoms {
        final List<String> strataColumns = new ArrayList<>();
        final List<String> populationColumns = new ArrayList<>();
        /** Per atom: its strata values, then one "1"/"0" per population column. */
        final Map<List<String>, Integer> index = new LinkedHashMap<>();
        final List<List<String>> keys = new ArrayList<>();
        final List<long[]> counts = new ArrayList<>();
        /** Per observation column, per atom, the values observed (each as often as it was). */
        final Map<String, Map<Integer, List<BigDecimal>>> observed = new HashMap<>();
        final Set<String> observations = new LinkedHashSet<>();
    }

    private Atoms atoms(String sql, List<MeasureDefinition.Group> groups, LocalDate start, LocalDate end) {
        Atoms atoms = new Atoms();
        for (MeasureDefinition.Group group : groups) {
            group.stratifiers().values().forEach(columns -> columns.stream()
                    .filter(column -> !atoms.strataColumns.contains(column)).forEach(atoms.strataColumns::add));
            group.populations().forEach((code, column) -> {
                if (!atoms.populationColumns.contains(column)) {
                    atoms.populationColumns.add(column);
                }
                if ("measure-observation".equals(code)) {
                    atoms.observations.add(column);
                }
            });
        }
        if (!atoms.strataColumns.contains(ORGANISATION)) {
            atoms.strataColumns.add(ORGANISATION);
        }
        readOnly.executeWithoutResult(transaction -> {
            // Rolled back whatever the query did: a measure reads, and H2 does not enforce a read-only transaction.
            transaction.setRollbackOnly();
            jdbc.sql(sql)
                    .param("periodStart", start.toEpochDay())
                    .param("periodEnd", end.toEpochDay())
                    .query((ResultSetExtractor<Atoms>) rows -> {
                        Map<String, Integer> labels = labels(rows.getMetaData(), atoms);
                        while (rows.next()) {
                            add(atoms, rows, labels);
                        }
                        return atoms;
                    });
        });
        return atoms;
    }

    private static Map<String, Integer> labels(ResultSetMetaData meta, Atoms atoms) throws SQLException {
        Map<String, Integer> labels = new HashMap<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            labels.put(meta.getColumnLabel(i).toLowerCase(Locale.ROOT), i);
        }
        List<String> missing = new ArrayList<>(atoms.strataColumns);
        missing.addAll(atoms.populationColumns);
        missing.removeIf(labels::containsKey);
        if (!missing.isEmpty()) {
            throw new IllegalStateException("the measure's query answers no column " + missing);
        }
        return labels;
    }

    private static void add(Atoms atoms, ResultSet row, Map<String, Integer> labels) throws SQLException {
        List<String> key = new ArrayList<>();
        for (String column : atoms.strataColumns) {
            key.add(Objects.requireNonNullElse(row.getString(labels.get(column)), NO_VALUE));
        }
        for (String column : atoms.populationColumns) {
            BigDecimal value = row.getBigDecimal(labels.get(column));
            boolean member = atoms.observations.contains(column) ? value != null : value != null && value.signum() != 0;
            key.add(member ? "1" : "0");
        }
        long count = labels.containsKey(COUNT) ? row.getLong(labels.get(COUNT)) : 1;
        Integer atom = atoms.index.computeIfAbsent(key, k -> {
            atoms.keys.add(k);
            atoms.counts.add(new long[1]);
            return atoms.keys.size() - 1;
        });
        atoms.counts.get(atom)[0] += count;
        for (String column : atoms.observations) {
            BigDecimal value = row.getBigDecimal(labels.get(column));
            if (value != null) {
                List<BigDecimal> values = atoms.observed.computeIfAbsent(column, c -> new HashMap<>())
                        .computeIfAbsent(atom, a -> new ArrayList<>());
                for (long i = 0; i < count; i++) {
                    values.add(value);
                }
            }
        }
    }

    /**
     * One figure of a report: a population's count in a group, all or one stratum, as the atoms it sums; {@code report}
     * is the organisation whose report shows it (null: the report of all; {@value #NO_VALUE}: the rows of no
     * organisation, in no report).
     */
    private record Slot(String report, String group, String stratifier, List<String> stratum, String population, BitSet atoms) {

        /** The same figure in another report. */
        boolean sameCell(Slot other) {
            return group.equals(other.group) && Objects.equals(stratifier, other.stratifier) && Objects.equals(stratum, other.stratum)
                    && population.equals(other.population);
        }
    }

    /**
     * The figures of the report of {@code organisation} (null: all), suppressed together with those of every other report
     * of the same rows: small figures; an organisation's figure whose complement (the report of all less it) is small
     * (it would give the others' few away); then whatever would let a small atom, a small complement or the rows of no
     * organisation be worked out (SmallCells).
     */
    private Map<String, MeasureFigures.Group> figures(Atoms atoms, List<MeasureDefinition.Group> groups, String organisation) {
        long[] counts = atoms.counts.stream().mapToLong(count -> count[0]).toArray();
        int smallest = settings.smallestCount();
        int column = atoms.strataColumns.indexOf(ORGANISATION);
        Set<String> organisations = new TreeSet<>();
        atoms.keys.forEach(key -> organisations.add(key.get(column)));
        if (organisation != null) {
            organisations.add(organisation);
        }
        Map<String, BitSet> reports = new LinkedHashMap<>();
        BitSet every = new BitSet();
        every.set(0, atoms.keys.size());
        reports.put(null, every);
        organisations.forEach(report -> reports.put(report, of(atoms, column, report)));
        List<Slot> slots = new ArrayList<>();
        reports.forEach((report, scope) -> slots.addAll(slots(atoms, groups, report, scope)));
        List<Slot> shown = slots.stream().filter(slot -> !NO_VALUE.equals(slot.report())).toList();
        BitSet primary = new BitSet();
        List<BitSet> secrets = new ArrayList<>();
        slots.stream().filter(slot -> NO_VALUE.equals(slot.report())).map(Slot::atoms).filter(cells -> small(counts, cells, smallest))
                .forEach(secrets::add);
        List<Slot> ofAll = shown.stream().filter(slot -> slot.report() == null).toList();
        for (int s = 0; s < shown.size(); s++) {
            Slot slot = shown.get(s);
            // A zero gives no one away, whatever the others' count.
            if (slot.report() != null && sum(counts, slot.atoms()) > 0) {
                BitSet complement = (BitSet) ofAll.stream().filter(slot::sameCell).findFirst().orElseThrow().atoms().clone();
                complement.andNot(slot.atoms());
                if (small(counts, complement, smallest)) {
                    primary.set(s);
                    secrets.add(complement);
                }
            }
        }
        secrets.addAll(smallComplementAtoms(atoms, counts, column, smallest));
        BitSet suppressed = SmallCells.suppress(counts, shown.stream().map(Slot::atoms).toList(), primary, secrets, smallest);
        Map<String, MeasureFigures.Group> figures = new HashMap<>();
        for (MeasureDefinition.Group group : groups) {
            Map<String, List<MeasureFigures.Stratum>> stratifiers = new LinkedHashMap<>();
            MeasureFigures.Cell all = null;
            for (int s = 0; s < shown.size(); s++) {
                Slot slot = shown.get(s);
                if (!Objects.equals(slot.report(), organisation) || !slot.group().equals(group.code())
                        || !slot.population().equals(group.populations().keySet().iterator().next())) {
                    continue;
                }
                // The first population's slot opens a cell; the group's other populations follow it in order.
                Map<String, MeasureFigures.Figure> populations = new LinkedHashMap<>();
                BitSet observed = null;
                for (int p = 0; p < group.populations().size(); p++) {
                    Slot member = shown.get(s + p);
                    populations.put(member.population(), suppressed.get(s + p) ? MeasureFigures.Figure.SUPPRESSED
                            : new MeasureFigures.Figure(BigDecimal.valueOf(sum(counts, member.atoms()))));
                    observed = "measure-observation".equals(member.population()) ? member.atoms() : observed;
                }
                MeasureFigures.Cell cell = new MeasureFigures.Cell(populations, score(group, populations, atoms, observed));
                if (slot.stratifier() == null) {
                    all = cell;
                } else {
                    stratifiers.computeIfAbsent(slot.stratifier(), k -> new ArrayList<>()).add(new MeasureFigures.Stratum(slot.stratum(), cell));
                }
            }
            for (String stratifier : group.stratifiers().keySet()) {
                stratifiers.putIfAbsent(stratifier, List.of());
            }
            figures.put(group.code(), new MeasureFigures.Group(group, all, stratifiers));
        }
        return figures;
    }

    /** The figures of one report: per group, each population in all its rows and in each stratum of each stratifier. */
    private static List<Slot> slots(Atoms atoms, List<MeasureDefinition.Group> groups, String report, BitSet scope) {
        List<Slot> slots = new ArrayList<>();
        for (MeasureDefinition.Group group : groups) {
            BitSet inGroup = new BitSet();
            group.populations().values().forEach(column -> inGroup.or(members(atoms, column, null, null)));
            inGroup.and(scope);
            group.populations().forEach((code, column) -> slots.add(new Slot(report, group.code(), null, null, code,
                    within(members(atoms, column, null, null), scope))));
            group.stratifiers().forEach((stratifier, columns) -> strata(atoms, columns, inGroup).forEach(stratum ->
                    group.populations().forEach((code, column) -> slots.add(new Slot(report, group.code(), stratifier, stratum, code,
                            within(members(atoms, column, columns, stratum), scope))))));
        }
        return slots;
    }

    private static BitSet within(BitSet atoms, BitSet scope) {
        atoms.and(scope);
        return atoms;
    }

    /** The atoms of one organisation ({@value #NO_VALUE}: of none). */
    private static BitSet of(Atoms atoms, int column, String organisation) {
        BitSet scope = new BitSet();
        for (int atom = 0; atom < atoms.keys.size(); atom++) {
            if (atoms.keys.get(atom).get(column).equals(organisation)) {
                scope.set(atom);
            }
        }
        return scope;
    }

    /**
     * Per atom of the report of all less one organisation's (the same combination in every other organisation): those
     * under the smallest count, which the report of all less the organisation's would give away.
     */
    private static List<BitSet> smallComplementAtoms(Atoms atoms, long[] counts, int column, int smallest) {
        Map<List<String>, List<Integer>> alike = new LinkedHashMap<>();
        for (int atom = 0; atom < atoms.keys.size(); atom++) {
            List<String> key = new ArrayList<>(atoms.keys.get(atom));
            key.set(column, "");
            alike.computeIfAbsent(key, k -> new ArrayList<>()).add(atom);
        }
        List<BitSet> small = new ArrayList<>();
        for (List<Integer> same : alike.values()) {
            for (int but : same) {
                BitSet others = new BitSet();
                same.stream().filter(atom -> atom != but).forEach(others::set);
                if (small(counts, others, smallest)) {
                    small.add(others);
                }
            }
        }
        return small;
    }

    private static boolean small(long[] counts, BitSet atoms, int smallest) {
        long count = sum(counts, atoms);
        return count > 0 && count < smallest;
    }

    /** The distinct values of {@code columns} among the atoms of the group, in order. */
    private static List<List<String>> strata(Atoms atoms, List<String> columns, BitSet inGroup) {
        TreeMap<String, List<String>> strata = new TreeMap<>();
        inGroup.stream().forEach(atom -> {
            List<String> values = columns.stream().map(column -> atoms.keys.get(atom).get(atoms.strataColumns.indexOf(column))).toList();
            strata.put(String.join("\u0000", values), values);
        });
        return List.copyOf(strata.values());
    }

    /** The atoms in the population of {@code column} and, when {@code columns} is not null, in the stratum. */
    private static BitSet members(Atoms atoms, String column, List<String> columns, List<String> stratum) {
        int flag = atoms.strataColumns.size() + atoms.populationColumns.indexOf(column);
        BitSet members = new BitSet();
        for (int atom = 0; atom < atoms.keys.size(); atom++) {
            List<String> key = atoms.keys.get(atom);
            boolean inStratum = true;
            for (int c = 0; columns != null && c < columns.size(); c++) {
                inStratum &= key.get(atoms.strataColumns.indexOf(columns.get(c))).equals(stratum.get(c));
            }
            if (inStratum && "1".equals(key.get(flag))) {
                members.set(atom);
            }
        }
        return members;
    }

    private static long sum(long[] counts, BitSet atoms) {
        return atoms.stream().mapToLong(atom -> counts[atom]).sum();
    }

    /**
     * A proportion (numerator over denominator), shown only when both are; or a percentile (nearest rank) of the
     * values observed, shown only when their count is (so not when another report's count less it is small) and at
     * least the smallest count of values were; else none.
     */
    private MeasureFigures.Figure score(MeasureDefinition.Group group, Map<String, MeasureFigures.Figure> populations, Atoms atoms,
            BitSet observed) {
        if (group.proportion()) {
            MeasureFigures.Figure numerator = populations.get("numerator");
            MeasureFigures.Figure denominator = populations.get("denominator");
            if (numerator.suppressed() || denominator.suppressed() || denominator.value().signum() == 0) {
                return MeasureFigures.Figure.SUPPRESSED;
            }
            return new MeasureFigures.Figure(numerator.value().divide(denominator.value(), 4, RoundingMode.HALF_UP));
        }
        if (group.percentile() != null) {
            if (populations.get("measure-observation").suppressed()) {
                return MeasureFigures.Figure.SUPPRESSED;
            }
            String column = group.populations().get("measure-observation");
            List<BigDecimal> values = new ArrayList<>();
            observed.stream().forEach(atom -> values.addAll(atoms.observed.getOrDefault(column, Map.of()).getOrDefault(atom, List.of())));
            if (values.size() < settings.smallestCount()) {
                return MeasureFigures.Figure.SUPPRESSED;
            }
            values.sort(null);
            int rank = (int) Math.ceil(group.percentile() / 100.0 * values.size());
            return new MeasureFigures.Figure(values.get(Math.max(rank, 1) - 1));
        }
        return null;
    }
}
