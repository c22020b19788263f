package fi.ketju.audit;

import static fi.ketju.HubTestSupport.get;
import static fi.ketju.HubTestSupport.post;
import static fi.ketju.HubTestSupport.sample;
import static fi.ketju.HubTestSupport.testHetu;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fi.ketju.CanonicalSamples;
import fi.ketju.ScriptedPartnerTest;
import fi.ketju.fhir.FhirResourceValidator;
import fi.ketju.message.DeliveryStatus;
import fi.ketju.security.KetjuPrincipal;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The audit trail as auditors use it, on the whole hub: every kind of event recorded by the steps that make it,
 * searched over the auditors' API, exported as BALP AuditEvents and CSV, the client's disclosure report, and
 * every auditor action itself in the trail.
 */
class AuditTrailTest extends ScriptedPartnerTest {

    private static final String AUDITOR = "sandbox-auditor";
    private static final String ADMIN = "sandbox-admin";
    private static final String PARTNER = "scripted";
    private static final String EVENTS = "/api/v1/audit/events";
    /** Identity codes of this class's clients: a range no other test uses. */
    private static final AtomicInteger CLIENTS = new AtomicInteger(20_000 + (int) (System.nanoTime() % 1000));

    @Autowired FhirContext fhirContext;
    @Autowired FhirResourceValidator validator;
    @Autowired JdbcClient jdbc;
    @Autowired AuditTrail auditTrail;

    @Override
    protected List<String> scriptedPartners() {
        return List.of(PARTNER);
    }

    /** A referral posted at the social-care door for a client of its own, delivered to health care. */
    private record Referral(UUID id, String hetu, String chainId) {
    }

    @Test
    void aDeliveredReferralIsAnEventPerStepAndTheDeliveryIsTheDisclosureWithBasisAndCategories() throws Exception {
        Referral referral = referral();

        JsonNode events = search("messageId=" + referral.id());

        assertThat(events.findValuesAsText("eventType")).containsExactly("DELIVERED", "TRANSLATED", "ROUTED", "RECEIVED");
        JsonNode disclosure = events.get(0);
        assertThat(disclosure.path("recipient").asText()).isEqualTo("health-care");
        assertThat(disclosure.path("person").asText()).isEqualTo(referral.hetu());
        assertThat(disclosure.path("partner").asText()).isEqualTo("social-care");
        assertThat(disclosure.path("requester").asText()).isEqualTo("social-care");
        assertThat(disclosure.path("chainId").asText()).isEqualTo(referral.chainId());
        assertThat(disclosure.path("messageType").asText()).isEqualTo("referral");
        assertThat(disclosure.path("legalBasis").asText()).isNotBlank();
        assertThat(disclosure.path("dataCategories")).isNotEmpty();
        assertThat(disclosure.path("purpose").asText()).contains("referral");
        assertThat(disclosure.path("dataIds").asText()).contains(referral.id().toString());
        assertThat(disclosure.path("outcome").asText()).isEqualTo("SUCCESS");
        assertThat(disclosure.path("hash").asText()).hasSize(64);
        // The message's own log, for its sender, reads the same events.
        assertThat(json.readTree(get("/api/v1/messages/" + referral.id(), "sandbox-social-care").body()).path("log")
                .findValuesAsText("event")).containsExactly("RECEIVED", "ROUTED", "TRANSLATED", "DELIVERED");
    }

    @Test
    void failedDeadLetteredReplayedAndDiscardedDeliveriesAreRecordedWithTheAdminsName() throws Exception {
        partner.answer(422, 422);
        UUID replayed = deliveries.send(CanonicalSamples.referral(mappings, json), PARTNER);
        UUID discarded = deliveries.send(CanonicalSamples.referral(mappings, json), PARTNER);
        deliveries.awaitDelivery(replayed, DeliveryStatus.DEAD);
        deliveries.awaitDelivery(discarded, DeliveryStatus.DEAD);
        partner.answer();
        String deadLetters = "/api/v1/admin/dead-letters/" + PARTNER + "/";
        await().atMost(Duration.ofSeconds(10)).until(() ->
                post(deadLetters + replayed + "/replay", ADMIN, "application/json", "{\"reason\":\"fixed\"}").statusCode() == 204);
        await().atMost(Duration.ofSeconds(10)).until(() ->
                post(deadLetters + discarded + "/discard", ADMIN, "application/json", "{\"reason\":\"sent by phone\"}").statusCode() == 204);
        deliveries.awaitDelivery(replayed, DeliveryStatus.DELIVERED);

        assertThat(search("messageId=" + replayed).findValuesAsText("eventType"))
                .containsSubsequence("DELIVERED", "REPLAYED", "DEAD_LETTERED", "DELIVERY_FAILED");
        JsonNode replay = first(search("messageId=" + replayed + "&eventType=REPLAYED"));
        assertThat(replay.path("requesterUser").asText()).isEqualTo("admin");
        assertThat(replay.path("requester").asText()).isEqualTo(AuditTrail.ADMIN_API);
        assertThat(replay.path("detail").asText()).contains("fixed");
        JsonNode dead = first(search("messageId=" + replayed + "&eventType=DEAD_LETTERED"));
        assertThat(dead.path("outcome").asText()).isEqualTo("SERIOUS_FAILURE");
        assertThat(dead.path("detail").asText()).contains("HTTP 422");
        JsonNode discard = first(search("messageId=" + discarded + "&eventType=DISCARDED"));
        assertThat(discard.path("requesterUser").asText()).isEqualTo("admin");
        assertThat(discard.path("detail").asText()).contains("sent by phone");
    }

    @Test
    void aRefusedMessageIsRecordedWithTheFieldAndRuleButNotTheValue() throws Exception {
        ObjectNode referral = (ObjectNode) json.readTree(sample("social-care/samples/referral.json"));
        referral.put("message_id", "AUDIT-" + UUID.randomUUID());
        ((ObjectNode) referral.path("client")).put("hetu", "010190-999Y");
        Instant before = Instant.now();

        assertThat(post("/api/v1/social-care/messages", "sandbox-social-care", "application/json", json.writeValueAsString(referral))
                .statusCode()).isEqualTo(400);

        JsonNode rejected = first(search("eventType=REJECTED&partner=social-care&from=" + before));
        assertThat(rejected.path("outcome").asText()).isEqualTo("MINOR_FAILURE");
        assertThat(rejected.path("detail").asText()).contains("/api/v1/social-care/messages", "hetu").doesNotContain("010190-999Y");
    }

    @Test
    void aRefusalAtTheFhirAndKelaDoorsIsRecordedWithTheirSender() throws Exception {
        Instant before = Instant.now();

        assertThat(post("/fhir/$process-message", "sandbox-health-care", "application/fhir+json", "{\"resourceType\":\"Patient\"}")
                .statusCode()).isBetween(400, 499);
        assertThat(post("/xroad/kela", "sandbox-kela", "text/xml", "<not-soap/>").statusCode()).isEqualTo(500);

        assertThat(first(search("eventType=REJECTED&partner=health-care&from=" + before)).path("detail").asText())
                .startsWith("at /fhir/$process-message: ");
        assertThat(first(search("eventType=REJECTED&partner=kela&from=" + before)).path("detail").asText())
                .startsWith("at /xroad/kela: ");
    }

    @Test
    void theHubsStartAndAnAdminsConfigurationChangesAreRecorded() throws Exception {
        assertThat(first(search("eventType=HUB_STARTED")).path("detail").asText()).startsWith("configuration sha256:");

        auditTrail.recordAdminAction(new KetjuPrincipal("admin", KetjuPrincipal.Role.ADMIN, null), MessageEvent.ROUTE_CHANGED,
                "routes/referral-routing.camel.yaml: social care added");

        JsonNode change = first(search("eventType=ROUTE_CHANGED"));
        assertThat(change.path("requesterUser").asText()).isEqualTo("admin");
        assertThat(change.path("detail").asText()).contains("social care added");
    }

    @Test
    void searchesByEachFilterAndPagesNewestFirst() throws Exception {
        Referral referral = referral();
        Instant after = Instant.parse(first(search("messageId=" + referral.id() + "&eventType=RECEIVED")).path("occurredAt").asText());

        for (String filter : List.of("person=" + referral.hetu(), "chainId=" + referral.chainId(), "messageId=" + referral.id(),
                "partner=social-care&from=" + after, "recipient=health-care&from=" + after, "messageType=referral&from=" + after,
                "eventType=TRANSLATED&from=" + after, "from=" + after + "&to=" + Instant.now())) {
            JsonNode events = search(filter);
            assertThat(events.findValuesAsText("messageId")).as(filter).contains(referral.id().toString());
            assertThat(events.findValuesAsText("id").stream().map(Long::valueOf).toList()).as(filter + ": newest first")
                    .isSortedAccordingTo((a, b) -> Long.compare(b, a));
        }
        JsonNode firstPage = json.readTree(get(EVENTS + "?messageId=" + referral.id() + "&limit=3", AUDITOR).body());
        assertThat(firstPage.path("events").findValuesAsText("eventType")).containsExactly("DELIVERED", "TRANSLATED", "ROUTED");
        String next = firstPage.path("next").asText();
        JsonNode secondPage = json.readTree(get(next.substring(next.indexOf("/api/")), AUDITOR).body());
        assertThat(secondPage.path("events").findValuesAsText("eventType")).containsExactly("RECEIVED");
        assertThat(secondPage.path("next").isNull()).isTrue();
        // A search by person is about that person: it is in the person's own usage log.
        assertThat(search("person=" + referral.hetu()).findValuesAsText("eventType")).contains("AUDIT_SEARCH");
    }

    @Test
    void everyAuditorSearchIsItselfAnEventTheNextSearchShows() throws Exception {
        String chainId = "no-such-chain-" + UUID.randomUUID();
        search("chainId=" + chainId);

        JsonNode audited = first(search("eventType=AUDIT_SEARCH&limit=5"));
        assertThat(audited.path("detail").asText()).contains("chainId=" + chainId, "0 events");
        assertThat(audited.path("requesterUser").asText()).isEqualTo("auditor");
        assertThat(audited.path("purpose").asText()).contains("703/2023");
    }

    @Test
    void anExportIsAValidFhirSearchsetOfBalpAuditEventsAndCsv() throws Exception {
        Referral referral = referral();

        HttpResponse<String> fhir = get(EVENTS + "/export?format=fhir&messageId=" + referral.id(), AUDITOR);

        assertThat(fhir.statusCode()).isEqualTo(200);
        assertThat(fhir.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/fhir+json"));
        Bundle bundle = fhirContext.newJsonParser().parseResource(Bundle.class, fhir.body());
        assertThat(validator.validate(bundle).errors()).isEmpty();
        assertThat(bundle.getType()).isEqualTo(Bundle.BundleType.SEARCHSET);
        assertThat(bundle.getEntry()).hasSize(4);
        AuditEvent disclosure = (AuditEvent) bundle.getEntryFirstRep().getResource();
        assertThat(disclosure.getType().getCode()).isEqualTo("110106");
        assertThat(disclosure.getSubtypeFirstRep().getCode()).isEqualTo("DELIVERED");
        assertThat(disclosure.getAgent()).anySatisfy(agent -> assertThat(agent.getRequestor()).isTrue());
        assertThat(disclosure.getAgent()).anySatisfy(agent -> assertThat(agent.getWho().getIdentifier().getValue()).isEqualTo("health-care"));
        assertThat(disclosure.getSource().getObserver().getDisplay()).isNotBlank();
        assertThat(disclosure.getEntity()).anySatisfy(entity -> {
            assertThat(entity.getWhat().getIdentifier().getSystem()).isEqualTo("urn:oid:1.2.246.21");
            assertThat(entity.getWhat().getIdentifier().getValue()).isEqualTo(referral.hetu());
        });

        HttpResponse<String> csv = get(EVENTS + "/export?format=csv&messageId=" + referral.id(), AUDITOR);
        assertThat(csv.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/csv"));
        List<String> lines = csv.body().lines().toList();
        assertThat(lines).hasSize(5);
        assertThat(lines.get(0)).startsWith("id,occurredAt,eventType");
        assertThat(lines.get(1)).contains("DELIVERED", referral.hetu(), "health-care");
        String fullUrl = bundle.getEntryFirstRep().getFullUrl();
        HttpResponse<String> one = get(fullUrl.substring(fullUrl.indexOf("/api/")), AUDITOR);
        assertThat(one.statusCode()).isEqualTo(200);
        assertThat(fhirContext.newJsonParser().parseResource(AuditEvent.class, one.body()).getSubtypeFirstRep().getCode()).isEqualTo("DELIVERED");
        assertThat(first(search("eventType=AUDIT_EXPORT")).path("detail").asText()).contains("format=csv", "4 events");
    }

    @Test
    void theDisclosureReportNamesEachRecipientWhenWhatAndOnWhatBasis() throws Exception {
        Referral referral = referral();

        HttpResponse<String> response = get("/api/v1/audit/disclosures?person=" + referral.hetu(), AUDITOR);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode report = json.readTree(response.body());
        assertThat(report.path("person").asText()).isEqualTo(referral.hetu());
        assertThat(report.path("disclosures")).singleElement().satisfies(disclosure -> {
            assertThat(disclosure.path("recipient").asText()).isEqualTo("health-care");
            assertThat(disclosure.path("messageId").asText()).isEqualTo(referral.id().toString());
            assertThat(disclosure.path("legalBasis").asText()).isNotBlank();
            assertThat(disclosure.path("dataCategories")).isNotEmpty();
            assertThat(disclosure.path("at").asText()).isNotBlank();
        });
        HttpResponse<String> html = get("/api/v1/audit/disclosures?format=html&person=" + referral.hetu(), AUDITOR);
        assertThat(html.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        assertThat(html.body()).contains("<table>", referral.hetu(), "health-care", "1 disclosures");
        JsonNode viewed = first(search("eventType=AUDIT_VIEW&person=" + referral.hetu()));
        assertThat(viewed.path("detail").asText()).contains("disclosure report (html)", "1 disclosures");
    }

    @Test
    void theAcceptedBodyIsKeptEncryptedForAuditorsToSee() throws Exception {
        Referral referral = referral();

        HttpResponse<String> body = get("/api/v1/audit/messages/" + referral.id() + "/body", AUDITOR);

        assertThat(body.statusCode()).isEqualTo(200);
        assertThat(json.readTree(body.body()).path("subject").path("hetu").asText()).isEqualTo(referral.hetu());
        assertThat(get("/api/v1/audit/messages/" + UUID.randomUUID() + "/body", AUDITOR).statusCode()).isEqualTo(404);
    }

    @Test
    void theTrailVerifiesIntactAndNoIdentityCodeIsInPlainTextInTheDatabase() throws Exception {
        Referral referral = referral();

        JsonNode verification = json.readTree(get("/api/v1/audit/verify", AUDITOR).body());

        assertThat(verification.path("intact").asBoolean()).isTrue();
        assertThat(verification.has("firstBroken")).isFalse();
        assertThat(AuditDatabaseScan.columnsContaining(jdbc, referral.hetu())).isEmpty();
    }

    @Test
    void onlyAuditorsMayUseItAndABadFilterIsNamed() throws Exception {
        assertThat(get(EVENTS, null).statusCode()).isEqualTo(401);
        assertThat(get(EVENTS, ADMIN).statusCode()).isEqualTo(403);
        assertThat(get("/api/v1/audit/verify", "sandbox-social-care").statusCode()).isEqualTo(403);

        for (String[] bad : List.of(new String[] {"person=010190-999Y", "person"}, new String[] {"eventType=OPENED", "eventType"},
                new String[] {"from=yesterday", "from"}, new String[] {"limit=0", "limit"}, new String[] {"colour=red", "colour"})) {
            HttpResponse<String> refused = get(EVENTS + "?" + bad[0], AUDITOR);
            assertThat(refused.statusCode()).as(bad[0]).isEqualTo(400);
            assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(json.readTree(refused.body()).path("errors").get(0).path("field").asText()).isEqualTo(bad[1]);
        }
    }

    private Referral referral() throws Exception {
        String hetu = testHetu(CLIENTS.getAndIncrement());
        ObjectNode referral = (ObjectNode) json.readTree(sample("social-care/samples/referral.json"));
        referral.put("message_id", "AUDIT-" + UUID.randomUUID());
        ((ObjectNode) referral.path("client")).put("hetu", hetu);
        HttpResponse<String> accepted = post("/api/v1/social-care/messages", "sandbox-social-care", "application/json",
                json.writeValueAsString(referral));
        assertThat(accepted.statusCode()).isEqualTo(202);
        UUID id = UUID.fromString(json.readTree(accepted.body()).path("messageId").asText());
        JsonNode status = await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> json.readTree(get("/api/v1/messages/" + id, "sandbox-social-care").body()),
                        s -> "DELIVERED".equals(s.path("status").asText()) && s.path("log").size() == 4);
        return new Referral(id, hetu, status.path("chainId").asText());
    }

    private JsonNode search(String query) throws Exception {
        HttpResponse<String> response = get(EVENTS + "?" + encoded(query), AUDITOR);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body()).path("events");
    }

    private static JsonNode first(JsonNode events) {
        assertThat(events).isNotEmpty();
        return events.get(0);
    }

    /** Each value URL-encoded (a time's + or a chain id's characters). */
    private static String encoded(String query) {
        StringBuilder encoded = new StringBuilder();
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            encoded.append(encoded.length() == 0 ? "" : "&").append(pair, 0, equals + 1)
                    .append(URLEncoder.encode(pair.substring(equals + 1), StandardCharsets.UTF_8));
        }
        return encoded.toString();
    }
}
