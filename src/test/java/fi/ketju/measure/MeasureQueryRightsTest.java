package fi.ketju.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fi.ketju.mapping.SchemaViolation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.dao.DataAccessException;

/**
 * A measure's SQL runs as the measures' database user (V31, V32), which may read the tables measure_facts and
 * measure_recommendations and nothing else: a query naming any other table is refused when it is checked (naming the
 * file and the table) and, should one reach evaluation, fails without an answer. A stratifier may not be a column
 * that identifies a client or a message, under its own name or another.
 */
class MeasureQueryRightsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final String PATH = "measures/referrals.measure.json";

    private static ConfigurableApplicationContext store;
    private static MeasureCatalogue catalogue;

    @BeforeAll
    static void start() {
        store = MeasureStore.start("spring.datasource.url=jdbc:h2:mem:measure-rights-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        catalogue = store.getBean(MeasureCatalogue.class);
        SyntheticChains chains = new SyntheticChains(store);
        chains.chain(1).referral(LocalDate.of(2025, 3, 3), "work-ability-team", "routine", SyntheticChains.ORGANISATION_A, "employed");
    }

    @AfterAll
    static void stop() {
        store.close();
    }

    /** The shipped referrals measure with its query replaced by {@code sql}. */
    static String referralsQuerying(String sql) {
        try {
            ObjectNode measure = (ObjectNode) JSON.readTree(Files.readString(Path.of("mappings", PATH)));
            ((ObjectNode) measure.path("extension").path(0).path("valueExpression")).put("expression", sql);
            return JSON.writeValueAsString(measure);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aQueryNamingAnyTableButTheFactsIsRefusedNamingTheFileAndTheTable() {
        for (String table : List.of("message", "message_body", "audit_event", "config_version")) {
            List<SchemaViolation> refused = catalogue.check(PATH, referralsQuerying("select r.service, r.urgency, r.organisation,"
                    + " 1 as referral from measure_facts r where exists (select 1 from " + table + ")"));
            assertThat(refused).as(table).singleElement().satisfies(violation -> {
                assertThat(violation.rule()).isEqualTo("measure-facts-only");
                assertThat(violation.detail()).isEqualTo(PATH + " reads " + table
                        + ": a measure's queries may read only measure_facts and measure_recommendations");
            });
        }
        assertThat(catalogue.check(PATH, referralsQuerying("select r.service, r.urgency, r.organisation, 1 as referral"
                + " from measure_facts r join measure_recommendations m on m.message_id = r.message_id"))).isEmpty();
    }

    @Test
    void shouldSuchAQueryReachEvaluationItFailsWithoutAnAnswer() {
        MeasureDefinition measure = MeasureDefinition.parse(store.getBean(FhirContext.class), PATH,
                referralsQuerying("select r.service, r.urgency, r.organisation, 1 as referral from measure_facts r"
                        + " where exists (select 1 from message)")).measure();
        LocalDate march = LocalDate.of(2025, 3, 1);
        assertThatThrownBy(() -> store.getBean(MeasureEvaluation.class).evaluate(measure, march, march.plusMonths(1), null))
                .isInstanceOf(DataAccessException.class)
                .hasMessageContaining("Not enough rights")
                .hasMessageNotContaining(SyntheticChains.ORGANISATION_A);
    }

    @Test
    void aStratifierOfAnIdentifierIsRefusedUnderAnyName() {
        for (String identifier : MeasureDefinition.IDENTIFIERS) {
            List<SchemaViolation> refused = catalogue.check(PATH, referralsQuerying("select r." + identifier
                    + " as service, r.urgency, r.organisation, 1 as referral from measure_facts r"));
            assertThat(refused).as(identifier).singleElement().satisfies(violation -> {
                assertThat(violation.rule()).isEqualTo("strata-codes");
                assertThat(violation.detail()).startsWith(PATH + ": stratifier column service (" + identifier + ") is made of an identifier");
            });
        }
        // A code read from the same row is a stratum as before.
        assertThat(catalogue.check(PATH, referralsQuerying("select r.service, r.urgency, r.organisation, 1 as referral"
                + " from measure_facts r"))).isEmpty();
    }

    /** A stratum computed from an identifier, however wrapped, renamed or nested, is refused: it would single one out. */
    @Test
    void aStratifierComputedFromAnIdentifierIsRefusedWhateverWrapsIt() {
        String rest = ", r.urgency, r.organisation, 1 as referral from measure_facts r";
        List<String> computed = List.of(
                "select substring(r.client, 1, 8) as service" + rest,
                "select r.client || '' as service" + rest,
                "select lower(r.chain_id) as service" + rest,
                "select cast(r.message_id as varchar(40)) as service" + rest,
                "select coalesce(r.answers_referral, r.message_id) as service" + rest,
                "select case when r.client < 'm' then 'a' else 'b' end as service" + rest,
                "select r.\"CLIENT\" as service" + rest,
                "select (select m.client from measure_facts m where m.message_id = r.message_id) as service" + rest,
                "select x.service, x.urgency, x.organisation, 1 as referral from (select client as service, urgency, organisation"
                        + " from measure_facts) x",
                "select x.service, x.urgency, x.organisation, 1 as referral from (select chain_id, urgency, organisation"
                        + " from measure_facts) as x(service, urgency, organisation)",
                "with t as (select upper(client) as code, urgency, organisation from measure_facts)"
                        + " select t.code as service, t.urgency, t.organisation, 1 as referral from t");
        for (String sql : computed) {
            // A derived table's column list is followed by name, not position: each of its columns is all it reads.
            List<SchemaViolation> refused = catalogue.check(PATH, referralsQuerying(sql));
            assertThat(refused).as(sql).isNotEmpty().allSatisfy(violation -> assertThat(violation.rule()).isEqualTo("strata-codes"))
                    .anySatisfy(violation -> assertThat(violation.detail()).startsWith(PATH + ": stratifier column service")
                            .contains("is made of an identifier"));
        }
        // Codes computed from codes are strata.
        assertThat(catalogue.check(PATH, referralsQuerying("select upper(r.service) as service, coalesce(r.urgency, 'none') as urgency,"
                + " r.organisation, 1 as referral from measure_facts r"))).isEmpty();
        // Only strata are held to codes: an identifier the query reads for a join or selects unused is no stratum.
        assertThat(catalogue.check(PATH, referralsQuerying("select r.service, r.urgency, r.organisation, 1 as referral,"
                + " r.client as unused from measure_facts r"))).isEmpty();
    }
}
