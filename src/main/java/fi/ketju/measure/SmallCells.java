package fi.ketju.measure;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Small-cell suppression of one table of a report. The table is made of atoms (the finest cells: one combination of
 * every stratum and population membership, each with its count) and of the figures a report shows, each the sum of
 * some atoms (a population's count in a stratum or in all). Then:
 * <ol>
 * <li>a figure under the smallest count (but not 0, which singles out no one) is suppressed, and so is any figure the
 * caller names (one whose complement in another report is small: MeasureEvaluation);</li>
 * <li>then, while someone could work out from the figures shown a suppressed figure or an atom under the smallest
 * count (such as "referred but not answered" in a stratum, which a numerator and a denominator would give by
 * subtraction), or a further group of cells the caller names, one more figure is suppressed: the finest and smallest whose suppression alone hides that cell (a
 * complementary cell), or else the finest and smallest that contains it. "Worked out" is exact: whether the cell is
 * a linear combination of the figures shown (sums and differences of any of them, across strata, populations and
 * stratifiers alike).</li>
 * </ol>
 * The linear algebra is modulo the prime 2^61-1, which gives the rank over the rationals unless the prime divides a
 * minor of the table; a table's 0/1 minors are far smaller than the prime for the tables measures make.
 */
final class SmallCells {

    private static final long PRIME = (1L << 61) - 1;

    private SmallCells() {
    }

    /**
     * Which figures to suppress.
     *
     * @param atoms    the count of each atom
     * @param figures  each figure's atoms
     * @param smallest the smallest count a figure may show
     */
    static BitSet suppress(long[] atoms, List<BitSet> figures, int smallest) {
        return suppress(atoms, figures, new BitSet(), List.of(), smallest);
    }

    /**
     * Which figures to suppress, {@code primary} among them whatever their count, and so that neither they nor any of
     * {@code secrets} (groups of atoms) can be worked out from the rest.
     */
    static BitSet suppress(long[] atoms, List<BitSet> figures, BitSet primary, List<BitSet> secrets, int smallest) {
        // A figure shown in several groups or reports (a shared denominator, an organisation's cell that is the same in
        // the report of all) is one figure: shown everywhere or nowhere.
        List<BitSet> distinct = figures.stream().distinct().toList();
        BitSet distinctPrimary = new BitSet();
        primary.stream().forEach(f -> distinctPrimary.set(distinct.indexOf(figures.get(f))));
        BitSet suppressed = suppressDistinct(atoms, distinct, distinctPrimary, secrets, smallest);
        BitSet all = new BitSet();
        IntStream.range(0, figures.size()).filter(f -> suppressed.get(distinct.indexOf(figures.get(f)))).forEach(all::set);
        return all;
    }

    private static BitSet suppressDistinct(long[] atoms, List<BitSet> figures, BitSet primary, List<BitSet> named, int smallest) {
        long[] values = figures.stream().mapToLong(figure -> figure.stream().mapToLong(atom -> atoms[atom]).sum()).toArray();
        BitSet suppressed = (BitSet) primary.clone();
        IntStream.range(0, values.length).filter(f -> values[f] > 0 && values[f] < smallest).forEach(suppressed::set);
        List<BitSet> secrets = new ArrayList<>(named);
        IntStream.range(0, atoms.length).filter(a -> atoms[a] > 0 && atoms[a] < smallest).forEach(a -> {
            BitSet atom = new BitSet();
            atom.set(a);
            secrets.add(atom);
        });
        suppressed.stream().forEach(f -> secrets.add(figures.get(f)));
        // The finest figure first (a stratum's cell before a total), of equal ones the smallest, then the first.
        List<Integer> cheapestFirst = IntStream.range(0, figures.size()).boxed()
                .sorted(Comparator.<Integer>comparingInt(f -> figures.get(f).cardinality()).thenComparingLong(f -> values[f])
                        .thenComparingInt(f -> f))
                .toList();
        while (true) {
            Elimination shown = new Elimination(figures, suppressed, atoms.length);
            BitSet recoverable = secrets.stream().filter(shown::inSpan).findFirst().orElse(null);
            if (recoverable == null) {
                return suppressed;
            }
            // A complementary figure that hides the cell on its own; failing one, the cheapest that touches it (a total
            // that contains it, say), and on with the next round.
            BitSet hidesAlone = shown.essential(recoverable);
            int next = cheapestFirst.stream().filter(hidesAlone::get).findFirst().orElseGet(() -> cheapestFirst.stream()
                    .filter(f -> !suppressed.get(f) && figures.get(f).intersects(recoverable))
                    .findFirst().orElseThrow(() -> new IllegalStateException("a cell is recoverable from figures that do not touch it")));
            suppressed.set(next);
            secrets.add(figures.get(next));
        }
    }

    /**
     * The figures shown, eliminated once: a row-echelon basis of their span (each row's leading entry 1) with the
     * combination of figures that makes each row, and the figures that some combination of the figures shown equal to
     * zero uses (a dependency: any one of them is the others' sum, so removing it alone hides nothing).
     */
    private static final class Elimination {

        private final int width;
        private final int size;
        private final List<long[]> rows = new ArrayList<>();
        private final List<long[]> combinations = new ArrayList<>();
        private final BitSet dependent = new BitSet();

        Elimination(List<BitSet> figures, BitSet suppressed, int width) {
            this.width = width;
            this.size = figures.size();
            for (int f = 0; f < size; f++) {
                if (!suppressed.get(f)) {
                    long[] combination = new long[size];
                    combination[f] = 1;
                    long[] row = reduced(vector(figures.get(f), width), combination);
                    int lead = lead(row);
                    if (lead < 0) {
                        IntStream.range(0, size).filter(g -> combination[g] != 0).forEach(dependent::set);
                    } else {
                        long inverse = inverse(row[lead]);
                        scale(row, inverse);
                        scale(combination, inverse);
                        rows.add(row);
                        combinations.add(combination);
                    }
                }
            }
        }

        boolean inSpan(BitSet cells) {
            return lead(reduced(vector(cells, width), new long[size])) < 0;
        }

        /**
         * The figures shown whose suppression alone takes {@code cells} (in their span) out of it: those no dependency
         * uses (each removal then lowers the rank by one) whose coefficient in the cells' combination is not 0 (unique
         * for such a figure).
         */
        BitSet essential(BitSet cells) {
            long[] combination = new long[size];
            reduced(vector(cells, width), combination);
            BitSet essential = new BitSet();
            IntStream.range(0, size).filter(f -> combination[f] != 0 && !dependent.get(f)).forEach(essential::set);
            return essential;
        }

        /** {@code row} less its components along the basis; each subtracted from {@code combination} too. */
        private long[] reduced(long[] row, long[] combination) {
            for (int b = 0; b < rows.size(); b++) {
                long[] base = rows.get(b);
                int lead = lead(base);
                long factor = row[lead];
                if (factor != 0) {
                    for (int i = lead; i < width; i++) {
                        row[i] = Math.floorMod(row[i] - multiply(factor, base[i]), PRIME);
                    }
                    long[] made = combinations.get(b);
                    for (int i = 0; i < size; i++) {
                        if (made[i] != 0) {
                            combination[i] = Math.floorMod(combination[i] - multiply(factor, made[i]), PRIME);
                        }
                    }
                }
            }
            return row;
        }

        private static void scale(long[] vector, long factor) {
            for (int i = 0; i < vector.length; i++) {
                vector[i] = multiply(vector[i], factor);
            }
        }
    }

    private static long[] vector(BitSet cells, int width) {
        long[] vector = new long[width];
        cells.stream().forEach(cell -> vector[cell] = 1);
        return vector;
    }

    private static int lead(long[] row) {
        for (int i = 0; i < row.length; i++) {
            if (row[i] != 0) {
                return i;
            }
        }
        return -1;
    }

    /** a·b mod 2^61-1, of a and b in [0, 2^61-1). */
    private static long multiply(long a, long b) {
        long high = Math.multiplyHigh(a, b);
        long low = a * b;
        long sum = (low & PRIME) + (low >>> 61) + (high << 3);
        sum = (sum & PRIME) + (sum >>> 61);
        return sum >= PRIME ? sum - PRIME : sum;
    }

    /** The inverse modulo the prime (Fermat). */
    private static long inverse(long a) {
        long result = 1;
        long base = a;
        for (long exponent = PRIME - 2; exponent > 0; exponent >>= 1) {
            if ((exponent & 1) == 1) {
                result = multiply(result, base);
            }
            base = multiply(base, base);
        }
        return result;
    }
}
