package fi.ketju.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fi.ketju.CanonicalSamples;
import fi.ketju.HubIntegrationTest;
import fi.ketju.HubTestSupport;
import fi.ketju.audit.AuditDatabaseScan;
import fi.ketju.broker.QueueNames;
import fi.ketju.fhir.FhirResourceValidator;
import fi.ketju.fhir.ValidationOutcome;
import fi.ketju.mapping.MappingsInForce;
import fi.ketju.message.MessageContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.ProducerTemplate;
import org.hl7.fhir.r4.model.Measure;
import org.hl7.fhir.r4.model.MeasureReport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The measures through the whole hub: facts recorded as the doors accept messages (once, never for a refused one, no
 * personal data), the API and the FHIR operation for analysts, admins and auditors, and the analyst refused
 * everywhere else.
 */
class MeasuresApiTest extends HubIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Autowired
    JdbcClient jdbc;
    @Autowired
    FhirResourceValidator validator;
    @Autowired
    FhirContext fhir;
    @Autowired
    MappingsInForce mappings;
    @Autowired
    ProducerTemplate producer;
    @Autowired
    QueueNames queues;

    private static String thisMonth() {
        return YearMonth.now(ZoneId.of("Europe/Helsinki")).toString();
    }

    private static HttpResponse<String> get(String path, String token, String accept) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(HubTestSupport.BASE + path)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (accept != null) {
            request.header("Accept", accept);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private int facts(String messageId) {
        return jdbc.sql("select count(*) from measure_facts where message_id = :id").param("id", UUID.fromString(messageId))
                .query(Integer.class).single();
    }

    @Test
    void aDoorRecordsTheFactsOfAnAcceptedMessageOnceAndNoPersonalData() throws Exception {
        ObjectNode referral = (ObjectNode) JSON.readTree(HubTestSupport.sample("social-care/samples/referral.json"));
        String hetu = HubTestSupport.testHetu(31_001);
        ((ObjectNode) referral.path("client")).put("hetu", hetu);
        referral.put("message_id", "MEASURE-" + UUID.randomUUID());
        String body = JSON.writeValueAsString(referral);
        HttpResponse<String> accepted = HubTestSupport.post("/api/v1/social-care/messages", "sandbox-social-care", "application/json", body);
        assertThat(accepted.statusCode()).isEqualTo(202);
        String id = JSON.readTree(accepted.body()).path("messageId").asText();

        Map<String, Object> fact = jdbc.sql("select * from measure_facts where message_id = :id").param("id", UUID.fromString(id))
                .query().singleRow();
        // The sample's codes, as the canonical message has them (tyokyvyn-tuen-tiimi, kiireeton, tyossa).
        assertThat(fact).containsEntry("EVENT_KIND", "referral").containsEntry("SERVICE", "work-ability-team")
                .containsEntry("URGENCY", "routine").containsEntry("EMPLOYMENT_STATUS", "employed")
                .containsEntry("ORGANISATION", "1234567-1").containsEntry("SENDER_PARTNER", "social-care");
        assertThat((String) fact.get("CLIENT")).hasSize(64).doesNotContain(hetu);

        // A resend is answered with the same id and records nothing twice.
        HttpResponse<String> resent = HubTestSupport.post("/api/v1/social-care/messages", "sandbox-social-care", "application/json", body);
        assertThat(resent.statusCode()).isEqualTo(200);
        assertThat(facts(id)).isEqualTo(1);

        // A refused message records nothing.
        int before = jdbc.sql("select count(*) from measure_facts").query(Integer.class).single();
        ObjectNode broken = referral.deepCopy();
        broken.put("message_id", "MEASURE-" + UUID.randomUUID());
        ((ObjectNode) broken.path("client")).put("hetu", "010190-999Y");
        assertThat(HubTestSupport.post("/api/v1/social-care/messages", "sandbox-social-care", "application/json",
                JSON.writeValueAsString(broken)).statusCode()).isEqualTo(400);
        assertThat(jdbc.sql("select count(*) from measure_facts").query(Integer.class).single()).isEqualTo(before);

        // Neither the identity code nor a name nor free text is in any measure table.
        assertThat(AuditDatabaseScan.columnsContaining(jdbc, hetu)).noneMatch(column -> column.toLowerCase().startsWith("measure"));
        for (String personal : List.of("Testi", "Asiakas", "Sanna", "Esimerkkikatu", "masennustila", "sairausloma")) {
            assertThat(AuditDatabaseScan.columnsContaining(jdbc, personal)).as(personal)
                    .noneMatch(column -> column.toLowerCase().startsWith("measure"));
        }
    }

    @Test
    void aMessageWhoseDoorTransactionWasLostGetsItsFactsWhenRoutingRecordsIt() {
        // On the broker but not in the database, as after a crash between the door's send and its commit: routing
        // records the message, and its facts with it.
        ObjectNode referral = CanonicalSamples.referral(mappings, JSON);
        String id = referral.path("messageId").asText();
        producer.sendBodyAndHeaders("jms:queue:" + queues.inbound("referral") + "?transacted=false", referral.toString(), Map.of(
                MessageContext.MESSAGE_ID, id, "ketjuType", "referral",
                MessageContext.ACCEPTED_AT, Instant.now().minusSeconds(60).toEpochMilli()));

        await().atMost(Duration.ofSeconds(20)).until(() -> facts(id) == 1);
        assertThat(jdbc.sql("select event_kind from measure_facts where message_id = :id").param("id", UUID.fromString(id))
                .query(String.class).single()).isEqualTo("referral");
    }

    @Test
    void analystsAdminsAndAuditorsListTheMeasuresAndReadAMonthsReportAsFhirThatValidatesOrAsCsv() throws Exception {
        HubTestSupport.acceptReferral(HubTestSupport.PORT, "MEASURE-REPORT-");
        for (String token : List.of("sandbox-analyst", "sandbox-admin", "sandbox-auditor")) {
            HttpResponse<String> list = get("/api/v1/measures", token, null);
            assertThat(list.statusCode()).as(token).isEqualTo(200);
            assertThat(JSON.readTree(list.body()).findValuesAsText("id")).as("the six shipped, and any a test added").contains("referrals", "referral-lead-time",
                    "sickness-allowance-checkpoints", "assessment-outcomes", "benefit-transitions", "ips-employment");
        }
        for (Measures.Summary measure : JSON.readerForListOf(Measures.Summary.class)
                .<List<Measures.Summary>>readValue(get("/api/v1/measures", "sandbox-analyst", null).body())) {
            HttpResponse<String> report = get("/api/v1/measures/" + measure.id() + "/report?period=" + thisMonth(), "sandbox-analyst",
                    "application/fhir+json");
            assertThat(report.statusCode()).as(measure.id()).isEqualTo(200);
            assertThat(report.headers().firstValue("Content-Type").orElse("")).startsWith("application/fhir+json");
            MeasureReport parsed = fhir.newJsonParser().parseResource(MeasureReport.class, report.body());
            assertThat(parsed.getMeasure()).isEqualTo("https://ketju.fi/fhir/Measure/" + measure.id());
            ValidationOutcome outcome = validator.validate(parsed);
            assertThat(outcome.errors()).as(measure.id()).isEmpty();
            Measure declared = fhir.newJsonParser().parseResource(Measure.class,
                    get("/fhir/Measure/" + measure.id(), "sandbox-analyst", null).body());
            assertThat(validator.validate(declared).errors()).as(measure.id()).isEmpty();
        }
        // Without an Accept header: FHIR.
        HttpResponse<String> plain = get("/api/v1/measures/referrals/report?period=" + thisMonth(), "sandbox-analyst", null);
        assertThat(plain.statusCode()).isEqualTo(200);
        assertThat(plain.headers().firstValue("Content-Type").orElse("")).startsWith("application/fhir+json");
        HttpResponse<String> csv = get("/api/v1/measures/referrals/report?period=" + thisMonth() + "&organisation=1234567-1",
                "sandbox-analyst", "text/csv");
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        assertThat(csv.body().lines().findFirst().orElseThrow())
                .isEqualTo("measure,period_start,period_end,organisation,group,stratifier,stratum,population,value,suppressed");
        assertThat(csv.body()).contains("referrals," + YearMonth.parse(thisMonth()).atDay(1) + ",");
    }

    @Test
    void theFhirEndpointEvaluatesAMeasureForAPeriod() throws Exception {
        YearMonth month = YearMonth.parse(thisMonth());
        HttpResponse<String> report = get("/fhir/Measure/referrals/$evaluate-measure?periodStart=" + month.atDay(1) + "&periodEnd="
                + month.atEndOfMonth(), "sandbox-analyst", null);
        assertThat(report.statusCode()).isEqualTo(200);
        MeasureReport parsed = fhir.newJsonParser().parseResource(MeasureReport.class, report.body());
        assertThat(parsed.getType()).isEqualTo(MeasureReport.MeasureReportType.SUMMARY);
        assertThat(validator.validate(parsed).errors()).isEmpty();

        HttpResponse<String> refused = get("/fhir/Measure/referrals/$evaluate-measure?periodStart=2025-02-30&periodEnd=2025-03-31",
                "sandbox-analyst", null);
        assertThat(refused.statusCode()).isEqualTo(400);
        JsonNode outcome = JSON.readTree(refused.body());
        assertThat(outcome.path("resourceType").asText()).isEqualTo("OperationOutcome");
        assertThat(outcome.path("issue").path(0).path("expression").path(0).asText()).isEqualTo("periodStart");
        assertThat(get("/fhir/Measure/referrals/$evaluate-measure?periodStart=2025-03-31&periodEnd=2025-03-01", "sandbox-analyst", null)
                .body()).contains("periodEnd");
        // One calendar month, as the API's reports: overlapping periods (March, and March but its last day) would give
        // away the clients of the days between them by subtraction.
        HttpResponse<String> notAMonth = get("/fhir/Measure/referrals/$evaluate-measure?periodStart=2025-03-01&periodEnd=2025-03-30",
                "sandbox-analyst", null);
        assertThat(notAMonth.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(notAMonth.body()).path("issue").path(0).path("diagnostics").asText()).startsWith("periodEnd (calendar-month)");
        assertThat(get("/fhir/Measure/referrals/$evaluate-measure?periodStart=2025-03-02&periodEnd=2025-03-31", "sandbox-analyst", null)
                .body()).contains("periodStart (calendar-month)");
        assertThat(get("/fhir/Measure/nothing", "sandbox-analyst", null).statusCode()).isEqualTo(404);
        assertThat(get("/fhir/Measure/referrals/$evaluate-measure?periodStart=2025-03-01&periodEnd=2025-03-31&reportType=subject-list",
                "sandbox-analyst", null).statusCode()).isEqualTo(400);
    }

    @Test
    void badParametersAreRefusedNamingTheParameterAndTheRule() throws Exception {
        for (Map.Entry<String, String> bad : Map.of(
                "/api/v1/measures/referrals/report", "period year-month",
                "/api/v1/measures/referrals/report?period=2025-13", "period year-month",
                "/api/v1/measures/referrals/report?period=202503", "period year-month",
                "/api/v1/measures/referrals/report?period=2025-03&organisation=1234567-2", "organisation business-id",
                "/api/v1/measures/nothing/report?period=2025-03", "id exists").entrySet()) {
            HttpResponse<String> refused = get(bad.getKey(), "sandbox-analyst", "application/fhir+json");
            assertThat(refused.statusCode()).as(bad.getKey()).isIn(400, 404);
            assertThat(refused.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            JsonNode error = JSON.readTree(refused.body()).path("errors").path(0);
            assertThat(error.path("field").asText() + " " + error.path("rule").asText()).as(bad.getKey()).isEqualTo(bad.getValue());
        }
        // The refusal's words do not repeat the id asked for (a URL may carry anything, an identity code too); only the
        // problem's instance, the request's own URL, holds it.
        JsonNode unknown = JSON.readTree(get("/api/v1/measures/010181-900C/report?period=2025-03", "sandbox-analyst", null).body());
        assertThat(unknown.path("status").asInt()).isEqualTo(404);
        assertThat(unknown.path("detail").asText() + unknown.path("errors")).doesNotContain("010181-900C");
    }

    @Test
    void anAnalystReadsTheMeasuresAndNothingElse() throws Exception {
        String id = HubTestSupport.acceptReferral(HubTestSupport.PORT, "MEASURE-ROLE-");
        for (String path : List.of("/api/v1/messages/" + id, "/api/v1/admin/mappings", "/api/v1/admin/routes", "/api/v1/audit/events",
                "/api/v1/admin/dead-letters", "/fhir/metadata-none", "/v3/api-docs-none")) {
            assertThat(get(path, "sandbox-analyst", null).statusCode()).as(path).isEqualTo(403);
        }
        assertThat(HubTestSupport.post("/api/v1/social-care/messages", "sandbox-analyst", "application/json", "{}").statusCode())
                .isEqualTo(403);
        assertThat(HubTestSupport.post("/fhir/$process-message", "sandbox-analyst", "application/fhir+json", "{}").statusCode())
                .isEqualTo(403);
        // A partner, in turn, reads no measures; nobody unauthenticated does.
        assertThat(get("/api/v1/measures", "sandbox-social-care", null).statusCode()).isEqualTo(403);
        assertThat(get("/fhir/Measure/referrals", "sandbox-health-care", null).statusCode()).isEqualTo(403);
        assertThat(get("/api/v1/measures", null, null).statusCode()).isEqualTo(401);
    }

    /** An analyst's new measure needs no release: an admin adds it by deploying a measure file the repository does not have. */
    @Test
    void anAdminAddsANewMeasureLive() throws Exception {
        String name = "referrals-" + UUID.randomUUID().toString().substring(0, 8);
        String id = "measures/" + name + ".measure.json";
        ObjectNode added = (ObjectNode) JSON.readTree(HubTestSupport.sample("measures/referrals.measure.json"));
        added.put("id", name).put("url", "https://ketju.fi/fhir/Measure/" + name).put("title", "Referrals again, as an analyst asked");
        assertThat(get("/api/v1/admin/mappings/" + id, "sandbox-admin", null).statusCode()).isEqualTo(404);
        HttpResponse<String> validated = HubTestSupport.post("/api/v1/admin/mappings/validate?id=" + id, "sandbox-admin", "text/plain",
                JSON.writeValueAsString(added));
        assertThat(JSON.readTree(validated.body()).path("valid").asBoolean()).as(validated.body()).isTrue();

        HttpResponse<String> deployed = HubTestSupport.post("/api/v1/admin/mappings/" + id + "/deploy", "sandbox-admin",
                "text/plain", JSON.writeValueAsString(added));
        assertThat(deployed.statusCode()).as(deployed.body()).isEqualTo(200);
        assertThat(JSON.readTree(deployed.body()).path("version").asInt()).isEqualTo(1);
        assertThat(JSON.readTree(get("/api/v1/measures", "sandbox-analyst", null).body()).findValuesAsText("id")).contains(name);
        HttpResponse<String> report = get("/api/v1/measures/" + name + "/report?period=" + thisMonth(), "sandbox-analyst",
                "application/fhir+json");
        assertThat(report.statusCode()).as(report.body()).isEqualTo(200);
        assertThat(fhir.newJsonParser().parseResource(MeasureReport.class, report.body()).getMeasure())
                .isEqualTo("https://ketju.fi/fhir/Measure/" + name);
        // Listed with the mappings in force, with its history; a second deploy of it is checked against version 1.
        assertThat(get("/api/v1/admin/mappings", "sandbox-admin", null).body()).contains(id);
        added.put("title", "Referrals again, renamed");
        assertThat(JSON.readTree(HubTestSupport.post("/api/v1/admin/mappings/" + id + "/deploy", "sandbox-admin", "text/plain",
                JSON.writeValueAsString(added)).body()).path("version").asInt()).isEqualTo(2);
    }

    /** A measure is a mapping: an admin deploys a changed one live, a broken one is refused, and a rollback restores it. */
    @Test
    void anAdminDeploysAChangedMeasureLiveAndRollsItBack() throws Exception {
        String id = "measures/referrals.measure.json";
        String original = HubTestSupport.sample(id);
        int inForce = JSON.readTree(get("/api/v1/admin/mappings/" + id, "sandbox-admin", null).body()).path("version").asInt();
        ObjectNode changed = (ObjectNode) JSON.readTree(original);
        changed.put("title", "Referrals, as an admin renamed them");
        HttpResponse<String> deployed = HubTestSupport.post("/api/v1/admin/mappings/" + id + "/deploy", "sandbox-admin",
                "text/plain", JSON.writeValueAsString(changed));
        assertThat(deployed.statusCode()).as(deployed.body()).isEqualTo(200);
        assertThat(get("/api/v1/measures", "sandbox-analyst", null).body()).contains("Referrals, as an admin renamed them");

        // A query that does not run is refused, naming the rule; the version in force keeps running.
        ObjectNode broken = (ObjectNode) JSON.readTree(original);
        ((ObjectNode) broken.path("extension").path(0).path("valueExpression")).put("expression", "select nothing from nowhere");
        HttpResponse<String> refused = HubTestSupport.post("/api/v1/admin/mappings/" + id + "/deploy", "sandbox-admin",
                "text/plain", JSON.writeValueAsString(broken));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(refused.body()).path("errors").path(0).path("rule").asText()).isEqualTo("runs");
        // So is one that writes.
        ((ObjectNode) broken.path("extension").path(0).path("valueExpression")).put("expression", "delete from measure_facts");
        assertThat(JSON.readTree(HubTestSupport.post("/api/v1/admin/mappings/" + id + "/deploy", "sandbox-admin", "text/plain",
                JSON.writeValueAsString(broken)).body()).path("errors").path(0).path("rule").asText()).isEqualTo("select-only");
        // So is one that reads the message log (the database refuses it: the measures' user reads the facts only),
        // and one whose stratum is a client's pseudonym under another name.
        HttpResponse<String> readsMessages = HubTestSupport.post("/api/v1/admin/mappings/" + id + "/deploy", "sandbox-admin",
                "text/plain", MeasureQueryRightsTest.referralsQuerying("select r.service, r.urgency, r.organisation, 1 as referral"
                        + " from measure_facts r join message m on 1 = 1"));
        assertThat(readsMessages.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(readsMessages.body()).path("errors").path(0).path("rule").asText()).isEqualTo("measure-facts-only");
        assertThat(JSON.readTree(readsMessages.body()).path("detail").asText()).contains(id + " reads message:");
        HttpResponse<String> clientStrata = HubTestSupport.post("/api/v1/admin/mappings/" + id + "/deploy", "sandbox-admin",
                "text/plain", MeasureQueryRightsTest.referralsQuerying("select r.service, r.client as urgency, r.organisation,"
                        + " 1 as referral from measure_facts r"));
        assertThat(clientStrata.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(clientStrata.body()).path("errors").path(0).path("rule").asText()).isEqualTo("strata-codes");
        assertThat(get("/api/v1/measures", "sandbox-analyst", null).body()).contains("Referrals, as an admin renamed them");

        HttpResponse<String> rolledBack = HubTestSupport.post("/api/v1/admin/mappings/" + id + "/rollback?version=" + inForce,
                "sandbox-admin", "text/plain", "");
        assertThat(rolledBack.statusCode()).as(rolledBack.body()).isEqualTo(200);
        assertThat(get("/api/v1/measures", "sandbox-analyst", null).body()).doesNotContain("as an admin renamed them")
                .contains(JSON.readTree(original).path("title").asText());
    }
}
