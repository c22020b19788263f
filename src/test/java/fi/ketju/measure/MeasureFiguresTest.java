package fi.ketju.measure;

import static org.assertj.core.api.Assertions.assertThat;

import fi.ketju.audit.AuditDatabaseScan;
import fi.ketju.fhir.FhirResourceValidator;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Every shipped measure's figures, exactly, over synthetic chains with known timings and outcomes (SyntheticChains), small
 * cells suppressed with the smallest count 5. Each measure's chains are in a month of their own, the clients of each
 * test their own, so the tests do not see each other's facts.
 */
class MeasureFiguresTest {

    private static ConfigurableApplicationContext store;
    private static SyntheticChains chains;
    private static Measures measures;
    private static int clients;

    @BeforeAll
    static void start() {
        store = MeasureStore.start("spring.datasource.url=jdbc:h2:mem:measures-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        chains = new SyntheticChains(store);
        measures = store.getBean(Measures.class);
    }

    @AfterAll
    static void stop() {
        store.close();
    }

    private static SyntheticChains.Chain client() {
        return chains.chain(clients++);
    }

    /** Figures of a report as "group|stratum|population" -> value ("-" when suppressed), strata as their values joined by '/'. */
    static Map<String, String> figures(MeasureFigures report) {
        Map<String, String> figures = new LinkedHashMap<>();
        for (MeasureFigures.Group group : report.groups()) {
            put(figures, group.definition().code() + "|all", group.all());
            group.stratifiers().values().forEach(strata -> strata.forEach(stratum ->
                    put(figures, group.definition().code() + "|" + String.join("/", stratum.values()), stratum.cell())));
        }
        return figures;
    }

    private static void put(Map<String, String> figures, String prefix, MeasureFigures.Cell cell) {
        cell.populations().forEach((population, figure) -> figures.put(prefix + "|" + population, shown(figure)));
        if (cell.score() != null) {
            figures.put(prefix + "|score", shown(cell.score()));
        }
    }

    private static String shown(MeasureFigures.Figure figure) {
        return figure.suppressed() ? "-" : figure.value().stripTrailingZeros().toPlainString();
    }

    private static void times(int n, Runnable message) {
        for (int i = 0; i < n; i++) {
            message.run();
        }
    }

    @Test
    void referralsPerServiceUrgencyAndOrganisationSuppressTheSmallCellAndOneThatWouldGiveItAway() {
        LocalDate day = LocalDate.of(2025, 3, 10);
        times(12, () -> client().referral(day, "work-ability-team", "routine", SyntheticChains.ORGANISATION_A, "unemployed-jobseeker"));
        times(6, () -> client().referral(day, "work-ability-team", "urgent", SyntheticChains.ORGANISATION_A, "employed"));
        times(8, () -> client().referral(day, "ips-supported-employment", "routine", SyntheticChains.ORGANISATION_A, "other"));
        times(2, () -> client().referral(day.plusDays(21), "ips-supported-employment", "urgent", SyntheticChains.ORGANISATION_A, "other"));
        times(9, () -> client().referral(day, "vocational-rehabilitation", "routine", SyntheticChains.ORGANISATION_B, "student"));
        times(5, () -> client().referral(day, "ips-supported-employment", "routine", SyntheticChains.ORGANISATION_B, "other"));
        // Outside March: the last day of February and the first of April.
        client().referral(LocalDate.of(2025, 2, 28), "work-ability-team", "routine", SyntheticChains.ORGANISATION_A, "other");
        client().referral(LocalDate.of(2025, 4, 1), "work-ability-team", "routine", SyntheticChains.ORGANISATION_A, "other");

        assertThat(figures(measures.month("referrals", "2025-03", null))).containsExactly(
                Map.entry("referrals|all|initial-population", "42"),
                Map.entry("referrals|ips-supported-employment/routine/1234567-1|initial-population", "8"),
                // 2 is under 5, and 5 is the smallest cell whose suppression keeps it from being 42 - 12 - 6 - 8 - 9 - 5.
                Map.entry("referrals|ips-supported-employment/routine/7654321-2|initial-population", "-"),
                Map.entry("referrals|ips-supported-employment/urgent/1234567-1|initial-population", "-"),
                Map.entry("referrals|vocational-rehabilitation/routine/7654321-2|initial-population", "9"),
                Map.entry("referrals|work-ability-team/routine/1234567-1|initial-population", "12"),
                Map.entry("referrals|work-ability-team/urgent/1234567-1|initial-population", "6"));
        // One organisation's: only its own referrals; the small cell's complement is then another of its own.
        assertThat(figures(measures.month("referrals", "2025-03", SyntheticChains.ORGANISATION_A))).containsExactly(
                Map.entry("referrals|all|initial-population", "28"),
                Map.entry("referrals|ips-supported-employment/routine/1234567-1|initial-population", "8"),
                Map.entry("referrals|ips-supported-employment/urgent/1234567-1|initial-population", "-"),
                Map.entry("referrals|work-ability-team/routine/1234567-1|initial-population", "12"),
                Map.entry("referrals|work-ability-team/urgent/1234567-1|initial-population", "-"));
    }
    /** Referrals answered after {@code days} (null: never) by the first summary; a second, later one changes nothing. */
    private static void answered(int n, String service, LocalDate day, Integer days) {
        times(n, () -> {
            SyntheticChains.Chain chain = client();
            UUID referral = chain.referral(day, service, "routine", SyntheticChains.ORGANISATION_A, "unemployed-jobseeker");
            if (days != null) {
                chain.assessment(day.plusDays(days), referral, "partially-able", "vocational-rehabilitation");
                chain.assessment(day.plusDays(days + 3), referral, "partially-able");
            }
        });
    }

    @Test
    void leadTimesMedianNinetiethPercentileAndSharesAnsweredWithin30_60_90Days() {
        LocalDate day = LocalDate.of(2025, 5, 5);
        String ips = "ips-supported-employment";
        answered(5, ips, day, 10);
        answered(5, ips, day, 20);
        answered(6, ips, day, 40);
        answered(5, ips, day, 75);
        answered(5, ips, day, 120);
        answered(6, ips, day, null);
        String team = "work-ability-team";
        answered(8, team, day, 7);
        // 5 answered after 50 days by a summary naming no referral: it continues the referral's chain.
        times(5, () -> {
            SyntheticChains.Chain chain = client();
            chain.referral(day, team, "routine", SyntheticChains.ORGANISATION_A, "employed");
            chain.assessment(day.plusDays(50), null, "able");
        });
        answered(2, team, day, null);

        // Two of the team's referrals are unanswered: a cell under 5, which the team's referrals less those answered
        // would give. Hiding it takes the team's referrals and (as the total less the team's would give them) IPS's
        // referrals: then no share per service can be shown, the counts answered and the lead times can.
        assertThat(figures(measures.month("referral-lead-time", "2025-05", null))).containsExactly(
                Map.entry("median-days|all|initial-population", "47"),
                Map.entry("median-days|all|measure-observation", "39"),
                Map.entry("median-days|all|score", "40"),
                Map.entry("median-days|ips-supported-employment|initial-population", "-"),
                Map.entry("median-days|ips-supported-employment|measure-observation", "26"),
                Map.entry("median-days|ips-supported-employment|score", "40"),
                Map.entry("median-days|work-ability-team|initial-population", "-"),
                Map.entry("median-days|work-ability-team|measure-observation", "13"),
                Map.entry("median-days|work-ability-team|score", "7"),
                Map.entry("p90-days|all|initial-population", "47"),
                Map.entry("p90-days|all|measure-observation", "39"),
                Map.entry("p90-days|all|score", "120"),
                Map.entry("p90-days|ips-supported-employment|initial-population", "-"),
                Map.entry("p90-days|ips-supported-employment|measure-observation", "26"),
                Map.entry("p90-days|ips-supported-employment|score", "120"),
                Map.entry("p90-days|work-ability-team|initial-population", "-"),
                Map.entry("p90-days|work-ability-team|measure-observation", "13"),
                Map.entry("p90-days|work-ability-team|score", "50"),
                Map.entry("answered-within-30-days|all|denominator", "47"),
                Map.entry("answered-within-30-days|all|numerator", "18"),
                Map.entry("answered-within-30-days|all|score", "0.383"),
                Map.entry("answered-within-30-days|ips-supported-employment|denominator", "-"),
                Map.entry("answered-within-30-days|ips-supported-employment|numerator", "10"),
                Map.entry("answered-within-30-days|ips-supported-employment|score", "-"),
                Map.entry("answered-within-30-days|work-ability-team|denominator", "-"),
                Map.entry("answered-within-30-days|work-ability-team|numerator", "8"),
                Map.entry("answered-within-30-days|work-ability-team|score", "-"),
                Map.entry("answered-within-60-days|all|denominator", "47"),
                Map.entry("answered-within-60-days|all|numerator", "29"),
                Map.entry("answered-within-60-days|all|score", "0.617"),
                Map.entry("answered-within-60-days|ips-supported-employment|denominator", "-"),
                Map.entry("answered-within-60-days|ips-supported-employment|numerator", "16"),
                Map.entry("answered-within-60-days|ips-supported-employment|score", "-"),
                Map.entry("answered-within-60-days|work-ability-team|denominator", "-"),
                Map.entry("answered-within-60-days|work-ability-team|numerator", "13"),
                Map.entry("answered-within-60-days|work-ability-team|score", "-"),
                Map.entry("answered-within-90-days|all|denominator", "47"),
                Map.entry("answered-within-90-days|all|numerator", "34"),
                Map.entry("answered-within-90-days|all|score", "0.7234"),
                Map.entry("answered-within-90-days|ips-supported-employment|denominator", "-"),
                Map.entry("answered-within-90-days|ips-supported-employment|numerator", "21"),
                Map.entry("answered-within-90-days|ips-supported-employment|score", "-"),
                Map.entry("answered-within-90-days|work-ability-team|denominator", "-"),
                Map.entry("answered-within-90-days|work-ability-team|numerator", "13"),
                Map.entry("answered-within-90-days|work-ability-team|score", "-"));
    }
}
