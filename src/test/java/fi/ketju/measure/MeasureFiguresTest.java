package fi.ketju.measure;

import static org.assertj.core.api.Assertions.assertThat;

import fi.ketju.audit.AuditDatabaseScan;
import fi.ketju.fhir.FhirResourceValidator;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hl7.fhir.r4.model.MeasureReport;
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
    /** The same measures over the same facts with the smallest count 1: the true figures, nothing suppressed. */
    private static ConfigurableApplicationContext unsuppressed;
    private static Measures truth;
    private static int clients;

    @BeforeAll
    static void start() {
        String database = "spring.datasource.url=jdbc:h2:mem:measures-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        store = MeasureStore.start(database);
        chains = new SyntheticChains(store);
        measures = store.getBean(Measures.class);
        unsuppressed = MeasureStore.start(database, "ketju.measures.smallest-count=1");
        truth = unsuppressed.getBean(Measures.class);
    }

    @AfterAll
    static void stop() {
        unsuppressed.close();
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

        // 2 is under 5. Hiding it with B's 5 (the smallest other cell) would do in this report alone, but B's own report
        // shows its 5 (and its 14 less its 9 gives it), and 42 - 8 - 9 - 12 - 6 - 5 would be the 2 again. The reports of
        // all and of each organisation are suppressed as one table: the 2 goes with A's 6, in every report.
        assertThat(figures(measures.month("referrals", "2025-03", null))).containsExactly(
                Map.entry("referrals|all|initial-population", "42"),
                Map.entry("referrals|ips-supported-employment/routine/1234567-1|initial-population", "8"),
                Map.entry("referrals|ips-supported-employment/routine/7654321-2|initial-population", "5"),
                Map.entry("referrals|ips-supported-employment/urgent/1234567-1|initial-population", "-"),
                Map.entry("referrals|vocational-rehabilitation/routine/7654321-2|initial-population", "9"),
                Map.entry("referrals|work-ability-team/routine/1234567-1|initial-population", "12"),
                Map.entry("referrals|work-ability-team/urgent/1234567-1|initial-population", "-"));
        // One organisation's: only its own referrals, the same cells hidden.
        assertThat(figures(measures.month("referrals", "2025-03", SyntheticChains.ORGANISATION_A))).containsExactly(
                Map.entry("referrals|all|initial-population", "28"),
                Map.entry("referrals|ips-supported-employment/routine/1234567-1|initial-population", "8"),
                Map.entry("referrals|ips-supported-employment/urgent/1234567-1|initial-population", "-"),
                Map.entry("referrals|work-ability-team/routine/1234567-1|initial-population", "12"),
                Map.entry("referrals|work-ability-team/urgent/1234567-1|initial-population", "-"));
        assertThat(figures(measures.month("referrals", "2025-03", SyntheticChains.ORGANISATION_B))).containsExactly(
                Map.entry("referrals|all|initial-population", "14"),
                Map.entry("referrals|ips-supported-employment/routine/7654321-2|initial-population", "5"),
                Map.entry("referrals|vocational-rehabilitation/routine/7654321-2|initial-population", "9"));

        // A suppressed stratum keeps its label, codes only (a stratifier is never an identifier: MeasureQueryRightsTest),
        // and shows the marker and no figure: in CSV an empty value and suppressed=true, in FHIR a count without a
        // value that carries data-absent-reason "masked".
        MeasureReports reports = store.getBean(MeasureReports.class);
        MeasureFigures march = measures.month("referrals", "2025-03", null);
        assertThat(reports.csv(march)).contains("\r\nreferrals,2025-03-01,2025-03-31,,referrals,service-urgency-organisation,"
                + "service=ips-supported-employment;urgency=urgent;organisation=1234567-1,initial-population,,true\r\n");
        MeasureReport.StratifierGroupComponent suppressed = reports.fhir(march).getGroupFirstRep().getStratifierFirstRep().getStratum()
                .stream().filter(stratum -> stratum.getComponent().stream().map(component -> component.getValue().getText()).toList()
                        .equals(List.of("ips-supported-employment", "urgent", SyntheticChains.ORGANISATION_A)))
                .findFirst().orElseThrow();
        assertThat(suppressed.getPopulationFirstRep().getCountElement().hasValue()).isFalse();
        assertThat(suppressed.getPopulationFirstRep().getCountElement().getExtensionByUrl(
                "http://hl7.org/fhir/StructureDefinition/data-absent-reason").getValue().primitiveValue()).isEqualTo("masked");
        AnalystDifferencing.assertNothingSuppressedFollows(measures, truth, "referrals", "2025-03");
    }

    /** Referrals answered after {@code days} (null: never) by the first summary; a second, later one changes nothing. */
    private static void answered(int n, String service, LocalDate day, Integer days) {
        answered(n, service, SyntheticChains.ORGANISATION_A, day, days);
    }

    private static void answered(int n, String service, String organisation, LocalDate day, Integer days) {
        times(n, () -> {
            SyntheticChains.Chain chain = client();
            UUID referral = chain.referral(day, service, "routine", organisation, "unemployed-jobseeker");
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
        AnalystDifferencing.assertNothingSuppressedFollows(measures, truth, "referral-lead-time", "2025-05");
    }
    @Test
    void anOrganisationsFigureIsHiddenWhenTheReportOfAllLessItIsSmall() {
        LocalDate day = LocalDate.of(2025, 4, 7);
        String ips = "ips-supported-employment";
        String team = "work-ability-team";
        answered(12, ips, SyntheticChains.ORGANISATION_A, day, 10);
        answered(5, ips, SyntheticChains.ORGANISATION_A, day, 40);
        answered(8, team, SyntheticChains.ORGANISATION_A, day, 20);
        // B's 2 IPS referrals: the report of all less A's would give them, and their lead times.
        answered(2, ips, SyntheticChains.ORGANISATION_B, day, 12);
        answered(6, team, SyntheticChains.ORGANISATION_B, day, 30);

        // A's 17 IPS referrals are hidden, with their lead times' median and 90th percentile: all 19 less them would be
        // B's 2. B's 2 are hidden as a small cell. Each is kept from being worked out from the totals, so the services'
        // totals go too (the complementary cells of so small a table are many); the team's figures stay in every report.
        Map<String, String> a = figures(measures.month("referral-lead-time", "2025-04", SyntheticChains.ORGANISATION_A));
        assertThat(a).containsEntry("median-days|ips-supported-employment|measure-observation", "-")
                .containsEntry("median-days|ips-supported-employment|score", "-")
                .containsEntry("p90-days|ips-supported-employment|score", "-")
                .containsEntry("median-days|work-ability-team|measure-observation", "8")
                .containsEntry("median-days|work-ability-team|score", "20");
        assertThat(figures(measures.month("referral-lead-time", "2025-04", SyntheticChains.ORGANISATION_B)))
                .containsEntry("median-days|ips-supported-employment|measure-observation", "-")
                .containsEntry("median-days|ips-supported-employment|score", "-")
                .containsEntry("median-days|work-ability-team|measure-observation", "6")
                .containsEntry("median-days|work-ability-team|score", "30");
        assertThat(figures(measures.month("referral-lead-time", "2025-04", null)))
                .containsEntry("median-days|work-ability-team|measure-observation", "14")
                .containsEntry("p90-days|work-ability-team|score", "30")
                .containsEntry("answered-within-30-days|work-ability-team|score", "1");
        AnalystDifferencing.assertNothingSuppressedFollows(measures, truth, "referral-lead-time", "2025-04");
        AnalystDifferencing.assertNothingSuppressedFollows(measures, truth, "referrals", "2025-04");
    }

    @Test
    void sicknessAllowanceCheckpointsReachedForTheFirstTimeAndTheShareAssessedWithin30Days() {
        String allowance = "sickness-allowance";
        // 6 employees cross 60 and 90 on 10 July; 5 of them are assessed 15 days later.
        for (int i = 0; i < 6; i++) {
            SyntheticChains.Chain chain = client();
            chain.benefit(LocalDate.of(2025, 6, 20), allowance, "in-payment", 50, true);
            chain.benefit(LocalDate.of(2025, 7, 10), allowance, "in-payment", 95, true);
            if (i < 5) {
                chain.assessment(LocalDate.of(2025, 7, 25), null, "partially-able");
            }
        }
        // 7 who are not employees cross 60 on 5 July (one of them told twice that day) and 150 on 28 July (90 does not
        // apply to them); assessed on 20 August: within 30 days of 150, not of 60.
        for (int i = 0; i < 7; i++) {
            SyntheticChains.Chain chain = client();
            chain.benefit(LocalDate.of(2025, 7, 5), allowance, "in-payment", 65, false);
            if (i == 0) {
                chain.benefit(LocalDate.of(2025, 7, 5), allowance, "in-payment", 65, false);
            }
            chain.benefit(LocalDate.of(2025, 7, 28), allowance, "in-payment", 155, false);
            chain.assessment(LocalDate.of(2025, 8, 20), null, "unable-temporarily");
        }
        // 5 employees crossed 60 in April, and cross 90 on 15 July; never assessed.
        times(5, () -> {
            SyntheticChains.Chain chain = client();
            chain.benefit(LocalDate.of(2025, 4, 1), allowance, "in-payment", 70, true);
            chain.benefit(LocalDate.of(2025, 7, 15), allowance, "in-payment", 100, true);
        });
        // 3 crossed 60 and 150 in May, and cross 230 on 12 July; never assessed.
        times(3, () -> {
            SyntheticChains.Chain chain = client();
            chain.benefit(LocalDate.of(2025, 5, 1), allowance, "in-payment", 200, false);
            chain.benefit(LocalDate.of(2025, 7, 12), allowance, "in-payment", 235, false);
        });

        // 230 is reached by 3: suppressed, and so is 90 (the smallest cell whose suppression hides it from the total less
        // the others; 150 would not do, as the assessed in all less those at 60 and 90 give it), with their denominators.
        assertThat(figures(measures.month("sickness-allowance-checkpoints", "2025-07", null))).containsExactly(
                Map.entry("reached|all|initial-population", "34"),
                Map.entry("reached|150|initial-population", "7"),
                Map.entry("reached|230|initial-population", "-"),
                Map.entry("reached|60|initial-population", "13"),
                Map.entry("reached|90|initial-population", "-"),
                Map.entry("assessed-within-30-days|all|denominator", "34"),
                Map.entry("assessed-within-30-days|all|numerator", "17"),
                Map.entry("assessed-within-30-days|all|score", "0.5"),
                Map.entry("assessed-within-30-days|150|denominator", "7"),
                Map.entry("assessed-within-30-days|150|numerator", "7"),
                Map.entry("assessed-within-30-days|150|score", "1"),
                Map.entry("assessed-within-30-days|230|denominator", "-"),
                Map.entry("assessed-within-30-days|230|numerator", "0"),
                Map.entry("assessed-within-30-days|230|score", "-"),
                Map.entry("assessed-within-30-days|60|denominator", "13"),
                Map.entry("assessed-within-30-days|60|numerator", "5"),
                Map.entry("assessed-within-30-days|60|score", "0.3846"),
                Map.entry("assessed-within-30-days|90|denominator", "-"),
                Map.entry("assessed-within-30-days|90|numerator", "5"),
                Map.entry("assessed-within-30-days|90|score", "-"));
        AnalystDifferencing.assertNothingSuppressedFollows(measures, truth, "sickness-allowance-checkpoints", "2025-07");
    }
    @Test
    void assessmentOutcomesPerReferringService() {
        LocalDate referred = LocalDate.of(2025, 8, 20);
        LocalDate assessed = LocalDate.of(2025, 9, 15);
        String team = "work-ability-team";
        String ips = "ips-supported-employment";
        times(6, () -> {
            SyntheticChains.Chain chain = client();
            UUID referral = chain.referral(referred, team, "routine", SyntheticChains.ORGANISATION_A, "employed");
            chain.assessment(assessed, referral, "partially-able", "vocational-rehabilitation", ips);
        });
        times(2, () -> {
            SyntheticChains.Chain chain = client();
            UUID referral = chain.referral(referred, team, "urgent", SyntheticChains.ORGANISATION_A, "other");
            chain.assessment(assessed, referral, "unable-permanently", "pension-assessment");
        });
        times(5, () -> {
            SyntheticChains.Chain chain = client();
            UUID referral = chain.referral(referred, ips, "routine", SyntheticChains.ORGANISATION_B, "unemployed-jobseeker");
            chain.assessment(assessed, referral, "able", ips);
        });
        // Summaries answering no referral.
        times(7, () -> client().assessment(assessed, null, "unable-temporarily", "medical-rehabilitation"));

        // Each table's cell of 2 is hidden with its smallest other cell, 5.
        assertThat(figures(measures.month("assessment-outcomes", "2025-09", null))).containsExactly(
                Map.entry("conclusions|all|initial-population", "20"),
                Map.entry("conclusions|ips-supported-employment/able|initial-population", "-"),
                Map.entry("conclusions|none/unable-temporarily|initial-population", "7"),
                Map.entry("conclusions|work-ability-team/partially-able|initial-population", "6"),
                Map.entry("conclusions|work-ability-team/unable-permanently|initial-population", "-"),
                Map.entry("recommendations|all|initial-population", "26"),
                Map.entry("recommendations|ips-supported-employment/ips-supported-employment|initial-population", "-"),
                Map.entry("recommendations|none/medical-rehabilitation|initial-population", "7"),
                Map.entry("recommendations|work-ability-team/ips-supported-employment|initial-population", "6"),
                Map.entry("recommendations|work-ability-team/pension-assessment|initial-population", "-"),
                Map.entry("recommendations|work-ability-team/vocational-rehabilitation|initial-population", "6"));
        AnalystDifferencing.assertNothingSuppressedFollows(measures, truth, "assessment-outcomes", "2025-09");
    }

    @Test
    void benefitTransitionsSixAndTwelveMonthsAfterAnAssessment() {
        LocalDate assessed = LocalDate.of(2025, 10, 10);
        String allowance = "sickness-allowance";
        times(6, () -> {
            SyntheticChains.Chain chain = client();
            chain.benefit(LocalDate.of(2025, 9, 1), allowance, "in-payment", 120, true);
            chain.assessment(assessed, null, "unable-temporarily", "medical-rehabilitation");
            chain.benefit(LocalDate.of(2026, 1, 15), "rehabilitation-allowance", "granted", null, false);
            chain.benefit(LocalDate.of(2026, 8, 1), "rehabilitation-allowance", "ended", null, false);
        });
        times(5, () -> {
            SyntheticChains.Chain chain = client();
            chain.benefit(LocalDate.of(2025, 9, 1), allowance, "in-payment", 120, true);
            chain.assessment(assessed, null, "partially-able");
        });
        times(7, () -> {
            SyntheticChains.Chain chain = client();
            chain.benefit(LocalDate.of(2025, 9, 1), allowance, "in-payment", 200, false);
            chain.assessment(assessed, null, "unable-permanently", "pension-assessment");
            chain.benefit(LocalDate.of(2026, 2, 1), allowance, "ended", 300, false);
            chain.benefit(LocalDate.of(2026, 9, 1), "disability-pension", "granted", null, false);
        });
        times(2, () -> {
            SyntheticChains.Chain chain = client();
            chain.assessment(assessed, null, "partially-able", "vocational-rehabilitation");
            chain.benefit(LocalDate.of(2025, 11, 1), "vocational-rehabilitation", "granted", null, false);
        });

        assertThat(figures(measures.month("benefit-transitions", "2025-10", null))).containsExactly(
                Map.entry("after-6-months|all|initial-population", "20"),
                Map.entry("after-6-months|none/vocational-rehabilitation|initial-population", "-"),
                Map.entry("after-6-months|sickness-allowance/ended|initial-population", "7"),
                Map.entry("after-6-months|sickness-allowance/no-report|initial-population", "-"),
                Map.entry("after-6-months|sickness-allowance/rehabilitation-allowance|initial-population", "6"),
                Map.entry("after-12-months|all|initial-population", "20"),
                Map.entry("after-12-months|none/vocational-rehabilitation|initial-population", "-"),
                Map.entry("after-12-months|sickness-allowance/disability-pension|initial-population", "7"),
                Map.entry("after-12-months|sickness-allowance/ended|initial-population", "6"),
                Map.entry("after-12-months|sickness-allowance/no-report|initial-population", "-"));
        AnalystDifferencing.assertNothingSuppressedFollows(measures, truth, "benefit-transitions", "2025-10");
    }

    /** An IPS referral on 3 November 2025 and the employment status later referrals of the client report, by day after it. */
    private static void ips(int n, String atReferral, Map<Integer, String> later) {
        LocalDate referred = LocalDate.of(2025, 11, 3);
        times(n, () -> {
            SyntheticChains.Chain chain = client();
            chain.referral(referred, "ips-supported-employment", "routine", SyntheticChains.ORGANISATION_B, atReferral);
            later.forEach((days, status) -> chain.referral(referred.plusDays(days), "vocational-rehabilitation", "routine",
                    SyntheticChains.ORGANISATION_B, status));
        });
    }

    @Test
    void employmentAfterAnIpsReferralAtThreeSixAndTwelveMonths() {
        ips(10, "unemployed-jobseeker", Map.of(78, "employed", 168, "employed", 332, "employed"));
        ips(6, "unemployed-jobseeker", Map.of(149, "employed", 302, "unemployed-jobseeker"));
        ips(5, "employed", Map.of());
        ips(2, "student", Map.of(59, "employed"));

        // The 2 students, employed from 2 months on, are a cell under 5. The employed at 3 and 12 months (10 + 2) less
        // the formerly unemployed employed then (10) would give them, and so would those employed at 6 (18) less the
        // formerly unemployed (16): both 12 and 16 are hidden too, wherever they appear.
        assertThat(figures(measures.month("ips-employment", "2025-11", null))).containsExactly(
                Map.entry("employed-at-referral|all|denominator", "23"),
                Map.entry("employed-at-referral|all|numerator", "5"),
                Map.entry("employed-at-referral|all|score", "0.2174"),
                Map.entry("employed-at-3-months|all|denominator", "23"),
                Map.entry("employed-at-3-months|all|numerator", "-"),
                Map.entry("employed-at-3-months|all|score", "-"),
                Map.entry("employed-at-3-months|employed|denominator", "5"),
                Map.entry("employed-at-3-months|employed|numerator", "0"),
                Map.entry("employed-at-3-months|employed|score", "0"),
                Map.entry("employed-at-3-months|student|denominator", "-"),
                Map.entry("employed-at-3-months|student|numerator", "-"),
                Map.entry("employed-at-3-months|student|score", "-"),
                Map.entry("employed-at-3-months|unemployed-jobseeker|denominator", "-"),
                Map.entry("employed-at-3-months|unemployed-jobseeker|numerator", "10"),
                Map.entry("employed-at-3-months|unemployed-jobseeker|score", "-"),
                Map.entry("employed-at-6-months|all|denominator", "23"),
                Map.entry("employed-at-6-months|all|numerator", "18"),
                Map.entry("employed-at-6-months|all|score", "0.7826"),
                Map.entry("employed-at-6-months|employed|denominator", "5"),
                Map.entry("employed-at-6-months|employed|numerator", "0"),
                Map.entry("employed-at-6-months|employed|score", "0"),
                Map.entry("employed-at-6-months|student|denominator", "-"),
                Map.entry("employed-at-6-months|student|numerator", "-"),
                Map.entry("employed-at-6-months|student|score", "-"),
                Map.entry("employed-at-6-months|unemployed-jobseeker|denominator", "-"),
                Map.entry("employed-at-6-months|unemployed-jobseeker|numerator", "-"),
                Map.entry("employed-at-6-months|unemployed-jobseeker|score", "-"),
                Map.entry("employed-at-12-months|all|denominator", "23"),
                Map.entry("employed-at-12-months|all|numerator", "-"),
                Map.entry("employed-at-12-months|all|score", "-"),
                Map.entry("employed-at-12-months|employed|denominator", "5"),
                Map.entry("employed-at-12-months|employed|numerator", "0"),
                Map.entry("employed-at-12-months|employed|score", "0"),
                Map.entry("employed-at-12-months|student|denominator", "-"),
                Map.entry("employed-at-12-months|student|numerator", "-"),
                Map.entry("employed-at-12-months|student|score", "-"),
                Map.entry("employed-at-12-months|unemployed-jobseeker|denominator", "-"),
                Map.entry("employed-at-12-months|unemployed-jobseeker|numerator", "10"),
                Map.entry("employed-at-12-months|unemployed-jobseeker|score", "-"),
                Map.entry("still-employed-at-12-months|all|denominator", "18"),
                Map.entry("still-employed-at-12-months|all|numerator", "-"),
                Map.entry("still-employed-at-12-months|all|score", "-"));
        AnalystDifferencing.assertNothingSuppressedFollows(measures, truth, "ips-employment", "2025-11");
    }
}
