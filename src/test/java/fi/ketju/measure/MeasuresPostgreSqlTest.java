package fi.ketju.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fi.ketju.audit.AuditDatabaseScan;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The facts (V30) and the measures' SQL on PostgreSQL, production's database: the same figures as on H2; and what a
 * DBA must do for V31, which creates the measures' login role (README, Service-chain measures).
 */
class MeasuresPostgreSqlTest {

    @Test
    void factsAndEveryMeasuresQueryRunOnPostgreSql() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
                ConfigurableApplicationContext store = MeasureStore.start(
                        "spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"), "spring.datasource.username=postgres")) {
            SyntheticChains chains = new SyntheticChains(store);
            LocalDate day = LocalDate.of(2025, 3, 3);
            for (int i = 0; i < 16; i++) {
                SyntheticChains.Chain chain = chains.chain(i);
                String service = i < 7 ? "work-ability-team" : i < 10 ? "ips-supported-employment" : "vocational-rehabilitation";
                var referral = chain.referral(day, service, "routine", i < 10 ? SyntheticChains.ORGANISATION_A : SyntheticChains.ORGANISATION_B,
                        "employed");
                chain.assessment(day.plusDays(10 + i), referral, "partially-able", "ips-supported-employment");
                chain.benefit(day.plusDays(20), "sickness-allowance", "in-payment", 95, true);
                chain.referral(day.plusDays(100), "vocational-rehabilitation", "routine", SyntheticChains.ORGANISATION_A, "employed");
            }
            JdbcClient jdbc = store.getBean(JdbcClient.class);
            assertThat(jdbc.sql("select version()").query(String.class).single()).startsWith("PostgreSQL");
            Measures measures = store.getBean(Measures.class);

            // 3 IPS referrals: hidden, with A's other cell (7): B's report shows its 6 referrals, which all 16 less A's
            // 7 and 3 would otherwise give, or 16 - 6 - 7 the 3.
            assertThat(MeasureFiguresTest.figures(measures.month("referrals", "2025-03", null))).containsExactly(
                    Map.entry("referrals|all|initial-population", "16"),
                    Map.entry("referrals|ips-supported-employment/routine/1234567-1|initial-population", "-"),
                    Map.entry("referrals|vocational-rehabilitation/routine/7654321-2|initial-population", "6"),
                    Map.entry("referrals|work-ability-team/routine/1234567-1|initial-population", "-"));
            assertThat(MeasureFiguresTest.figures(measures.month("referrals", "2025-03", SyntheticChains.ORGANISATION_A))).containsExactly(
                    Map.entry("referrals|all|initial-population", "10"),
                    Map.entry("referrals|ips-supported-employment/routine/1234567-1|initial-population", "-"),
                    Map.entry("referrals|work-ability-team/routine/1234567-1|initial-population", "-"));
            // Each checkpoint counted for the organisation of the client's latest referral by then: A's 10 and B's 6.
            assertThat(MeasureFiguresTest.figures(measures.month("sickness-allowance-checkpoints", "2025-03", SyntheticChains.ORGANISATION_B)))
                    .containsEntry("reached|all|initial-population", "12");
            // Lead times 10..25 days: the median of 16 is the 8th, 17; every one within 30 days.
            assertThat(MeasureFiguresTest.figures(measures.month("referral-lead-time", "2025-03", null)))
                    .containsEntry("median-days|all|score", "17")
                    .containsEntry("p90-days|all|score", "24")
                    .containsEntry("answered-within-30-days|all|score", "1");
            // 16 reach 60 and 90 on day 20; the 6 assessed on days 20..25 count, those before the notice do not.
            assertThat(MeasureFiguresTest.figures(measures.month("sickness-allowance-checkpoints", "2025-03", null)))
                    .containsEntry("reached|all|initial-population", "32")
                    .containsEntry("assessed-within-30-days|all|numerator", "12");
            for (String measure : new String[] {"assessment-outcomes", "benefit-transitions", "ips-employment"}) {
                assertThat(MeasureFiguresTest.figures(measures.month(measure, "2025-03", null))).as(measure).isNotEmpty();
            }
            // 3 IPS referrals: under 5, as is every figure of them but a zero.
            assertThat(MeasureFiguresTest.figures(measures.month("ips-employment", "2025-03", null)))
                    .containsEntry("employed-at-referral|all|denominator", "-")
                    .containsEntry("employed-at-3-months|all|numerator", "0");
            // The measures' database user reads the facts' two tables only, on PostgreSQL too; a stratum is never an identifier.
            MeasureCatalogue catalogue = store.getBean(MeasureCatalogue.class);
            assertThat(catalogue.check(MeasureQueryRightsTest.PATH, MeasureQueryRightsTest.referralsQuerying(
                    "select r.service, r.urgency, r.organisation, 1 as referral from measure_facts r join message m on 1 = 1")))
                    .singleElement().satisfies(violation -> assertThat(violation.detail())
                            .startsWith(MeasureQueryRightsTest.PATH + " reads message: a measure's queries may read only"));
            assertThat(catalogue.check(MeasureQueryRightsTest.PATH, MeasureQueryRightsTest.referralsQuerying(
                    "select r.service, r.client as urgency, r.organisation, 1 as referral from measure_facts r")))
                    .singleElement().satisfies(violation -> assertThat(violation.rule()).isEqualTo("strata-codes"));
            assertThat(AuditDatabaseScan.columnsContaining(jdbc, SyntheticChains.testHetu(3))).isEmpty();
        }
    }

    /**
     * A DBA-managed database: the hub's user owns its database but may not create roles. V31 then fails, and so it
     * does when the measures' role already exists; either way PostgreSQL rolls all of V31 back, nothing is recorded and
     * the hub does not start. What the README tells the DBA to do makes it start: drop the role made beforehand, give
     * the hub's user CREATEROLE for the first start, take it away after; later starts need no such right.
     */
    @Test
    void v31NeedsCreateRoleOnceAndNoMeasuresRoleBeforehand() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            JdbcClient dba = JdbcClient.create(postgres.getPostgresDatabase());
            dba.sql("create role ketju_hub login password 'hub' nocreaterole").update();
            dba.sql("create database ketju_hub owner ketju_hub").update();
            String[] hub = {"spring.datasource.url=" + postgres.getJdbcUrl("ketju_hub", "ketju_hub"), "spring.datasource.username=ketju_hub",
                    "spring.datasource.password=hub"};

            assertThatThrownBy(() -> MeasureStore.start(hub).close()).hasStackTraceContaining("V31")
                    .hasStackTraceContaining("permission denied to create role");
            dba.sql("alter role ketju_hub createrole").update();
            dba.sql("create role ketju_measures login password 'made-by-the-dba'").update();
            assertThatThrownBy(() -> MeasureStore.start(hub).close()).hasStackTraceContaining("V31")
                    .hasStackTraceContaining("role \"ketju_measures\" already exists");
            JdbcClient database = JdbcClient.create(postgres.getDatabase("ketju_hub", "ketju_hub"));
            assertThat(database.sql("select count(*) from flyway_schema_history where version = '31'").query(Integer.class).single())
                    .as("V31 rolled back whole, nothing recorded").isZero();

            // The DBA's steps: no measures' role beforehand, CREATEROLE for the first start only.
            dba.sql("drop role ketju_measures").update();
            try (ConfigurableApplicationContext store = MeasureStore.start(hub)) {
                new SyntheticChains(store).chain(1).referral(LocalDate.of(2025, 3, 3), "work-ability-team", "routine",
                        SyntheticChains.ORGANISATION_A, "employed");
                assertThat(MeasureFiguresTest.figures(store.getBean(Measures.class).month("referrals", "2025-03", null)))
                        .containsEntry("referrals|all|initial-population", "-");
            }
            dba.sql("alter role ketju_hub nocreaterole").update();
            try (ConfigurableApplicationContext store = MeasureStore.start(hub)) {
                assertThat(store.getBean(Measures.class).month("referrals", "2025-03", null).groups()).isNotEmpty();
            }
        }
    }
}
