package fi.ketju.measure;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Small-cell suppression on tables built by hand and at random, checked by an exact rational elimination of its own. */
class SmallCellsTest {

    private static BitSet atoms(int... atoms) {
        BitSet set = new BitSet();
        IntStream.of(atoms).forEach(set::set);
        return set;
    }

    private static List<Integer> suppressed(long[] atoms, List<BitSet> figures, int smallest) {
        return SmallCells.suppress(atoms, figures, smallest).stream().boxed().toList();
    }

    @Test
    void aTableWithoutSmallCellsShowsEverything() {
        long[] cells = {5, 9, 12};
        assertThat(suppressed(cells, List.of(atoms(0, 1, 2), atoms(0), atoms(1), atoms(2)), 5)).isEmpty();
    }

    @Test
    void aSmallCellAndTheSmallestOtherCellGoWhenTheTotalIsShown() {
        long[] cells = {3, 9, 7, 12};
        // total, then the cells: 3 is under 5; 7 is the smallest other cell, which keeps 3 from being 31 - 9 - 7 - 12.
        assertThat(suppressed(cells, List.of(atoms(0, 1, 2, 3), atoms(0), atoms(1), atoms(2), atoms(3)), 5)).containsExactly(1, 3);
    }

    @Test
    void twoSmallCellsHideEachOther() {
        long[] cells = {3, 4, 20};
        assertThat(suppressed(cells, List.of(atoms(0, 1, 2), atoms(0), atoms(1), atoms(2)), 5)).containsExactly(1, 2);
    }

    @Test
    void aZeroSinglesOutNoOneAndIsShown() {
        long[] cells = {0, 9, 12};
        assertThat(suppressed(cells, List.of(atoms(0, 1, 2), atoms(0), atoms(1), atoms(2)), 5)).isEmpty();
    }

    @Test
    void theSmallestCountIsConfigurable() {
        long[] cells = {6, 9, 12};
        List<BitSet> figures = List.of(atoms(0, 1, 2), atoms(0), atoms(1), atoms(2));
        assertThat(suppressed(cells, figures, 5)).isEmpty();
        assertThat(suppressed(cells, figures, 10)).containsExactly(1, 2);
    }

    @Test
    void aNumeratorIsHiddenWhenTheDenominatorLessItIsSmall() {
        // Atoms: answered 20, not answered 2. Figures: the denominator (22) and the numerator (20): 22 - 20 = 2.
        long[] atoms = {20, 2};
        assertThat(suppressed(atoms, List.of(atoms(0, 1), atoms(0)), 5)).containsExactly(1);
    }

    @Test
    void aFigureShownInTwoGroupsIsSuppressedInBoth() {
        long[] atoms = {20, 2};
        // The denominator twice (two groups sharing it), and each group's numerator.
        List<BitSet> figures = List.of(atoms(0, 1), atoms(0), atoms(0, 1), atoms(0));
        assertThat(suppressed(atoms, figures, 5)).containsExactly(1, 3);
    }

    @Test
    void aSmallCellOfATwoWayTableCannotBeWorkedOutFromRowsColumnsOrTheTotal() {
        // 2 x 2 cells a b / c d with row totals, column totals and the grand total; a = 2.
        long[] atoms = {2, 10, 11, 13};
        List<BitSet> figures = List.of(atoms(0), atoms(1), atoms(2), atoms(3), atoms(0, 1), atoms(2, 3), atoms(0, 2), atoms(1, 3),
                atoms(0, 1, 2, 3));
        BitSet suppressed = SmallCells.suppress(atoms, figures, 5);
        assertThat(suppressed.get(0)).isTrue();
        assertThat(recoverable(atoms, figures, suppressed, 5)).isEmpty();
    }

    /** Random tables of strata and nested populations: whatever is shown, no small cell or suppressed figure follows from it. */
    @Test
    void onRandomTablesNothingSuppressedCanBeWorkedOut() {
        Random random = new Random(19);
        for (int table = 0; table < 300; table++) {
            int size = 2 + random.nextInt(7);
            long[] atoms = new long[size];
            for (int a = 0; a < size; a++) {
                atoms[a] = random.nextInt(4) == 0 ? 1 + random.nextInt(4) : random.nextInt(30);
            }
            List<BitSet> figures = new ArrayList<>();
            BitSet all = new BitSet();
            all.set(0, size);
            figures.add(all);
            for (int f = 0; f < 2 + random.nextInt(8); f++) {
                BitSet figure = new BitSet();
                for (int a = 0; a < size; a++) {
                    if (random.nextBoolean()) {
                        figure.set(a);
                    }
                }
                figures.add(figure);
            }
            BitSet suppressed = SmallCells.suppress(atoms, figures, 5);
            for (int f = 0; f < figures.size(); f++) {
                long value = figures.get(f).stream().mapToLong(a -> atoms[a]).sum();
                if (value > 0 && value < 5) {
                    assertThat(suppressed.get(f)).as("table %d figure %d (%d)", table, f, value).isTrue();
                }
            }
            assertThat(recoverable(atoms, figures, suppressed, 5)).as("table %d", table).isEmpty();
        }
    }

    /**
     * The small atoms and suppressed figures that are linear combinations of the figures shown, by exact elimination
     * over the rationals (fraction-free, BigInteger): independent of SmallCells' arithmetic modulo a prime.
     */
    private static List<BitSet> recoverable(long[] atoms, List<BitSet> figures, BitSet suppressed, int smallest) {
        List<BitSet> secrets = new ArrayList<>();
        for (int a = 0; a < atoms.length; a++) {
            if (atoms[a] > 0 && atoms[a] < smallest) {
                secrets.add(atoms(a));
            }
        }
        suppressed.stream().forEach(f -> secrets.add(figures.get(f)));
        List<BitSet> shown = IntStream.range(0, figures.size()).filter(f -> !suppressed.get(f)).mapToObj(figures::get).toList();
        int rank = rank(shown, atoms.length);
        return secrets.stream().filter(secret -> {
            List<BitSet> with = new ArrayList<>(shown);
            with.add(secret);
            return rank(with, atoms.length) == rank;
        }).toList();
    }

    private static int rank(List<BitSet> rows, int width) {
        List<BigInteger[]> matrix = new ArrayList<>();
        for (BitSet row : rows) {
            BigInteger[] vector = new BigInteger[width];
            for (int i = 0; i < width; i++) {
                vector[i] = row.get(i) ? BigInteger.ONE : BigInteger.ZERO;
            }
            matrix.add(vector);
        }
        return rankOf(matrix, width);
    }

    /** The rank of the rows over the rationals (fraction-free elimination; the rows are changed). */
    static int rankOf(List<BigInteger[]> matrix, int width) {
        int rank = 0;
        for (int column = 0; column < width && rank < matrix.size(); column++) {
            int pivot = -1;
            for (int r = rank; r < matrix.size(); r++) {
                if (matrix.get(r)[column].signum() != 0) {
                    pivot = r;
                    break;
                }
            }
            if (pivot < 0) {
                continue;
            }
            BigInteger[] top = matrix.get(pivot);
            matrix.set(pivot, matrix.get(rank));
            matrix.set(rank, top);
            for (int r = rank + 1; r < matrix.size(); r++) {
                BigInteger[] row = matrix.get(r);
                BigInteger factor = row[column];
                if (factor.signum() != 0) {
                    BigInteger divisor = BigInteger.ZERO;
                    for (int i = 0; i < width; i++) {
                        row[i] = row[i].multiply(top[column]).subtract(top[i].multiply(factor));
                        divisor = divisor.gcd(row[i]);
                    }
                    // Kept small: a row divided by its entries' common divisor spans the same.
                    for (int i = 0; divisor.compareTo(BigInteger.ONE) > 0 && i < width; i++) {
                        row[i] = row[i].divide(divisor);
                    }
                }
            }
            rank++;
        }
        return rank;
    }
}
