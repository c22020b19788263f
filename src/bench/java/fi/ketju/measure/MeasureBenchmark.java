package fi.ketju.measure;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A month's reports of every measure over bench.measure-chains service chains (default 100,000), each with a referral in
 * March 2025, most with an assessment summary 5-124 days later, sickness allowance statuses crossing checkpoints, later
 * benefit statuses and employment statuses: some 450,000 facts. Times the six reports (evaluated, suppressed and made
 * FHIR MeasureReports) asked together, as one request (evaluated side by side, Measures#months): the first run, then
 * the median and worst of five; then each report alone. Then prints one report as CSV
 * (bench.measure-report, default referral-lead-time).
 *
 * <pre>mvn -Pbench test-compile exec:exec@measure-benchmark [-Dbench.measure-chains=100000] [-Dbench.measure-report=referrals]</pre>
 *
 * H2 is a file database under target/measure-bench/, as the hub runs it, compacted once filled (see #fill);
 * -Dbench.measure-db=target/measure-bench/db-... (the path without .mv.db) times the reports on facts recorded before.
 */
public final class MeasureBenchmark {

    private static final String[] SERVICES = {"work-ability-team", "ips-supported-employment", "vocational-rehabilitation"};
    private static final String[] ORGANISATIONS = {SyntheticChains.ORGANISATION_A, SyntheticChains.ORGANISATION_B};
    private static final String[] CONCLUSIONS = {"able", "partially-able", "unable-temporarily", "unable-permanently", "unclear"};
    private static final String[] AFTER = {"rehabilitation-allowance", "vocational-rehabilitation", "disability-pension"};
    private static final int RUNS = 5;

    public static void main(String[] args) throws Exception {
        int chainCount = Integer.getInteger("bench.measure-chains", 100_000);
        Path dir = Files.createDirectories(Path.of("target", "measure-bench")).toAbsolutePath();
        String reused = System.getProperty("bench.measure-db", "");
        Path database = reused.isEmpty() ? dir.resolve("db-" + UUID.randomUUID()) : Path.of(reused).toAbsolutePath();
        String url = "spring.datasource.url=jdbc:h2:file:" + database + ";AUTO_SERVER=FALSE;DB_CLOSE_ON_EXIT=FALSE;CACHE_SIZE=65536";
        if (reused.isEmpty()) {
            fill(url, chainCount);
        } else {
            System.out.println("Reusing the facts of " + database);
        }
        try (ConfigurableApplicationContext store = MeasureStore.start(url)) {
            Measures measures = store.getBean(Measures.class);
            MeasureReports reports = store.getBean(MeasureReports.class);
            long[] nanos = new long[RUNS];
            List<Measures.MonthAsked> monthOfMarch = measures.list().stream().map(measure -> new Measures.MonthAsked(measure.id(), "2025-03", null))
                    .toList();
            for (int run = 0; run < RUNS; run++) {
                long start = System.nanoTime();
                // One request of all six, as the console asks for its months: the reports are evaluated side by side.
                measures.months(monthOfMarch).forEach(reports::fhir);
                nanos[run] = System.nanoTime() - start;
            }
            long first = nanos[0];
            Arrays.sort(nanos);
            System.out.printf(Locale.ROOT, "%nA month's reports of all %d measures over %,d chains: first %.2f s, median %.2f s, worst %.2f s"
                    + " (of %d runs)%n", measures.list().size(), chainCount, first / 1e9, nanos[RUNS / 2] / 1e9, nanos[RUNS - 1] / 1e9, RUNS);
            System.out.println("Each report alone, after those runs:");
            for (Measures.MonthAsked asked : monthOfMarch) {
                long one = System.nanoTime();
                reports.fhir(measures.month(asked.id(), asked.period(), null));
                System.out.printf(Locale.ROOT, "  %-32s %6.0f ms alone%n", asked.id(), (System.nanoTime() - one) / 1e6);
            }
            String shown = System.getProperty("bench.measure-report", "referral-lead-time");
            System.out.printf(Locale.ROOT, "%nThe %s report of March 2025, as CSV:%n%s", shown, reports.csv(measures.month(shown, "2025-03", null)));
        }
    }

    /**
     * Records the chains, then closes the database compacted: a store filled over months is settled, whereas right after
     * half a million facts written at once H2 rewrites its chunks in the background for minutes, and the reports would be
     * timed against that housekeeping rather than against their own work.
     */
    private static void fill(String url, int chainCount) {
        try (ConfigurableApplicationContext store = MeasureStore.start(url)) {
            long filling = System.nanoTime();
            SyntheticChains chains = new SyntheticChains(store);
            LocalDate march = LocalDate.of(2025, 3, 1);
            chains.batched(5_000, () -> {
                for (int i = 0; i < chainCount; i++) {
                    SyntheticChains.Chain chain = chains.chain(i);
                    LocalDate referred = march.plusDays(i % 31);
                    String service = SERVICES[i % 3];
                    chain.benefit(referred.minusDays(30), "sickness-allowance", "in-payment", 40 + i % 50, i % 2 == 0);
                    UUID referral = chain.referral(referred, service, i % 7 == 0 ? "urgent" : "routine", ORGANISATIONS[i % 2],
                            i % 4 == 0 ? "employed" : "unemployed-jobseeker");
                    chain.benefit(referred.plusDays(i % 20), "sickness-allowance", "in-payment", 60 + i % 250, i % 2 == 0);
                    if (i % 5 != 0) {
                        chain.assessment(referred.plusDays(5 + i % 120), referral, CONCLUSIONS[i % 5], "vocational-rehabilitation");
                    }
                    chain.benefit(referred.plusDays(150 + i % 150), AFTER[i % 3], i % 11 == 0 ? "ended" : "granted", null, false);
                    if (i % 3 == 1) {
                        chain.referral(referred.plusDays(60 + i % 200), "vocational-rehabilitation", "routine", ORGANISATIONS[i % 2],
                                i % 2 == 0 ? "employed" : "unemployed-jobseeker");
                    }
                }
            });
            JdbcClient jdbc = store.getBean(JdbcClient.class);
            jdbc.sql("analyze").update();
            int facts = jdbc.sql("select count(*) from measure_facts").query(Integer.class).single();
            System.out.printf(Locale.ROOT, "%,d chains, %,d facts recorded in %.1f s%n", chainCount, facts, (System.nanoTime() - filling) / 1e9);
            long compacting = System.nanoTime();
            jdbc.sql("shutdown compact").update();
            System.out.printf(Locale.ROOT, "Store compacted in %.1f s%n", (System.nanoTime() - compacting) / 1e9);
        }
    }
}
