package fi.ketju.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fi.ketju.CanonicalSamples;
import fi.ketju.ScriptedPartnerTest;
import fi.ketju.ScriptedPartner;
import fi.ketju.HubTestSupport;
import fi.ketju.audit.MessageEvent;
import fi.ketju.message.DeliveryFailure;
import fi.ketju.message.DeliveryStatus;
import fi.ketju.message.MessageStatus;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.component.http.HttpComponent;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The partner-delivery route (routes/partner-delivery.camel.yaml) against a partner whose answers the
 * test scripts: delivered once with its idempotency key, retried while the partner is down, and
 * dead-lettered with the reason when retrying cannot help; an X-Road partner's answer judged by its SOAP body.
 */
class PartnerDeliveryTest extends ScriptedPartnerTest {

    private static final String PARTNER = "scripted";
    private static final String FHIR_SERVER = "scripted-fhir-server";
    private static final String KELA = "scripted-kela";
    private static final String TEXT_XML = "text/xml; charset=UTF-8";
    private static final ScriptedPartner.Answer KELA_ACCEPTS = new ScriptedPartner.Answer(200, TEXT_XML, """
            <SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/"
                               xmlns:kela="https://ketju.fi/xroad/kela/v1">
              <SOAP-ENV:Header/>
              <SOAP-ENV:Body><kela:ReferralResponse/></SOAP-ENV:Body>
            </SOAP-ENV:Envelope>
            """);

    @Autowired JdbcClient jdbc;
    @Autowired PoolingHttpClientConnectionManager partnerConnectionPool;

    @Override
    protected List<String> scriptedPartners() {
        return List.of(PARTNER, FHIR_SERVER, KELA);
    }

    @Test
    void deliversValidatedFhirOnceWithItsIdempotencyKey() throws Exception {
        partner.answer();

        UUID id = send(CanonicalSamples.referral(mappings, json));

        MessageStatus status = awaitDelivery(id, DeliveryStatus.DELIVERED);
        assertThat(status.status()).isEqualTo(MessageStatus.Overall.DELIVERED);
        assertThat(partner.requests()).singleElement().satisfies(request -> {
            assertThat(request.path()).isEqualTo("/fhir/$process-message");
            assertThat(request.idempotencyKey()).isEqualTo(id + ":" + PARTNER);
            assertThat(request.contentType()).startsWith("application/fhir+json");
            assertThat(json.readTree(request.body()).path("type").asText()).isEqualTo("message");
        });
        assertThat(status.log()).extracting(fi.ketju.audit.MessageLog.Entry::event)
                .containsSubsequence(MessageEvent.ROUTED, MessageEvent.TRANSLATED, MessageEvent.DELIVERED);
    }

    @Test
    void aMessageTheBrokerGivesAgainAfterItWasDeliveredIsNotSentAgain() throws Exception {
        partner.answer();
        ObjectNode canonical = CanonicalSamples.referral(mappings, json);
        UUID id = deliveries.send(canonical, "one-client", List.of(PARTNER));
        awaitDelivery(id, DeliveryStatus.DELIVERED);

        // As the broker gives it again when the hub stopped after recording the partner's 2xx, before its commit;
        // then the client's next message, which the delivery route takes only after it.
        producer.sendBodyAndHeaders("jms:queue:" + queues.delivery(PARTNER), json.writeValueAsString(canonical),
                Map.of("ketjuMessageId", id.toString(), "ketjuType", "referral", "JMSXGroupID", "one-client"));
        UUID next = deliveries.send(CanonicalSamples.referral(mappings, json), "one-client", List.of(PARTNER));
        awaitDelivery(next, DeliveryStatus.DELIVERED);

        assertThat(partner.requests()).extracting(ScriptedPartner.Request::idempotencyKey)
                .containsExactly(id + ":" + PARTNER, next + ":" + PARTNER);
        assertThat(ledger.status(id).orElseThrow().log()).filteredOn(entry -> entry.event() == MessageEvent.DELIVERED).hasSize(1);
    }

    @Test
    void aPlainFhirServerGetsATransactionBundleAtItsBase() throws Exception {
        partner.answer();

        UUID id = send(CanonicalSamples.referral(mappings, json), FHIR_SERVER);

        awaitDelivery(id, DeliveryStatus.DELIVERED);
        assertThat(partner.requests()).singleElement().satisfies(request -> {
            assertThat(request.path()).isEqualTo("/fhir");
            assertThat(request.idempotencyKey()).isEqualTo(id + ":" + FHIR_SERVER);
            var bundle = json.readTree(request.body());
            assertThat(bundle.path("type").asText()).isEqualTo("transaction");
            assertThat(bundle.path("entry").findValuesAsText("method")).isNotEmpty().containsOnly("POST");
            assertThat(bundle.path("entry").findValuesAsText("resourceType")).doesNotContain("MessageHeader");
        });
    }

    @Test
    void retriesAPartnerThatIsDownAndDeliversWhenItRecovers() throws Exception {
        partner.answer(503, 503);

        UUID id = send(CanonicalSamples.referral(mappings, json));

        MessageStatus status = awaitDelivery(id, DeliveryStatus.DELIVERED);
        assertThat(status.deliveries().get(0).attempts()).isEqualTo(3);
        assertThat(status.log()).extracting(fi.ketju.audit.MessageLog.Entry::event)
                .filteredOn(event -> event == MessageEvent.TRANSLATED || event == MessageEvent.DELIVERY_FAILED
                        || event == MessageEvent.DELIVERED)
                .as("one translation, recorded once, before the attempts that carried it")
                .containsExactly(MessageEvent.TRANSLATED, MessageEvent.DELIVERY_FAILED, MessageEvent.DELIVERY_FAILED,
                        MessageEvent.DELIVERED);
        assertThat(partner.requests()).hasSize(3)
                .allSatisfy(request -> assertThat(request.idempotencyKey()).isEqualTo(id + ":" + PARTNER));
    }

    @Test
    void aKeptAliveConnectionThePartnerClosedCostsNoFailedAttempt() throws Exception {
        partner.answer();
        awaitDelivery(send(CanonicalSamples.referral(mappings, json)), DeliveryStatus.DELIVERED);
        // The partner restarts: the connection the hub kept alive for its next delivery is closed at the other end.
        partner.close();
        partner = new ScriptedPartner(HubTestSupport.SCRIPTED_PARTNER_PORT);
        partner.answer();
        Thread.sleep(1_200); // longer than ketju.delivery.connections.check-idle-after (1s)

        UUID id = send(CanonicalSamples.referral(mappings, json));

        MessageStatus status = awaitDelivery(id, DeliveryStatus.DELIVERED);
        assertThat(status.deliveries().get(0).attempts()).isEqualTo(1);
        assertThat(status.log()).extracting(fi.ketju.audit.MessageLog.Entry::event).doesNotContain(MessageEvent.DELIVERY_FAILED);
        assertThat(partner.requests()).singleElement()
                .satisfies(request -> assertThat(request.idempotencyKey()).isEqualTo(id + ":" + PARTNER));
    }

    @Test
    void partnersOverHttpsShareTheCheckedPoolToo() {
        // camel.component.http.* applies to every HttpComponent, the https one that production partners use included.
        assertThat(camel.getComponent("https", HttpComponent.class).getClientConnectionManager())
                .isSameAs(camel.getComponent("http", HttpComponent.class).getClientConnectionManager())
                .isSameAs(partnerConnectionPool);
    }

    @Test
    void aPartnerRefusalIsDeadLetteredAtOnceWithTheReasonAndTheOriginalMessage() throws Exception {
        partner.answer(422);
        ObjectNode canonical = CanonicalSamples.referral(mappings, json);

        UUID id = send(canonical);

        MessageStatus status = awaitDelivery(id, DeliveryStatus.DEAD);
        assertThat(status.deliveries().get(0).attempts()).isEqualTo(1);
        assertThat(status.deliveries().get(0).lastFailure()).isEqualTo(DeliveryFailure.of(DeliveryFailure.Kind.REFUSED, 422, List.of()));
        assertThat(partner.requests()).hasSize(1);
        Exchange dead = consumer.receive("jms:queue:" + queues.deadLetter(PARTNER) + "?selector=ketjuMessageId='" + id + "'", 5000);
        assertThat(dead).isNotNull();
        assertThat(json.readTree(dead.getMessage().getBody(String.class))).isEqualTo(canonical);
        assertThat(dead.getMessage().getHeader("ketjuDeadReason", String.class)).contains("HTTP 422");
    }

    @Test
    void givesUpAfterTheConfiguredNumberOfAttempts() throws Exception {
        partner.answer(503, 503, 503, 503, 503, 503);

        UUID id = send(CanonicalSamples.referral(mappings, json));

        MessageStatus status = awaitDelivery(id, DeliveryStatus.DEAD);
        assertThat(status.deliveries().get(0).attempts()).isEqualTo(4);
        assertThat(status.deliveries().get(0).lastFailure()).isEqualTo(DeliveryFailure.of(DeliveryFailure.Kind.UNAVAILABLE, 503, List.of()));
        assertThat(deadLettered(status)).contains("max-attempts 4 reached").contains("unavailable, HTTP 503");
        assertThat(partner.requests()).hasSize(4);
    }

    @Test
    void givesUpWhenItsAttemptsBeganLongerAgoThanTheMaximumAge() throws Exception {
        partner.failWhile(request -> true, 503);

        UUID id = send(CanonicalSamples.referral(mappings, json));
        await().atMost(Duration.ofSeconds(10)).until(() -> ledger.delivery(id, PARTNER).orElseThrow().attempts() >= 1);
        // As if the partner had been down for three days.
        jdbc.sql("update delivery set series_started_at = :then where message_id = :id")
                .param("then", OffsetDateTime.now(ZoneOffset.UTC).minusHours(73))
                .param("id", id)
                .update();

        MessageStatus status = awaitDelivery(id, DeliveryStatus.DEAD);
        assertThat(status.deliveries().get(0).attempts()).isLessThan(4);
        assertThat(deadLettered(status)).contains("max-age PT72H passed").contains("unavailable, HTTP 503");
    }

    @Test
    void aMessageThatCannotBeValidFhirIsDeadLetteredWithoutReachingThePartner() throws Exception {
        partner.answer();
        ObjectNode canonical = CanonicalSamples.referral(mappings, json);
        ((ObjectNode) canonical.path("subject")).put("hetu", "010190-999Y"); // wrong check character

        UUID id = send(canonical);

        MessageStatus status = awaitDelivery(id, DeliveryStatus.DEAD);
        DeliveryFailure failure = status.deliveries().get(0).lastFailure();
        assertThat(failure.kind()).isEqualTo(DeliveryFailure.Kind.VALIDATION);
        assertThat(failure.codes()).contains("fhir/referral-to-message-bundle.jslt")
                .anySatisfy(code -> assertThat(code).contains("identifier").endsWith("ketju-hetu-invalid"));
        assertThat(failure.describe()).doesNotContain("010190-999Y");
        assertThat(keptFailures(id)).singleElement().satisfies(kept -> assertThat(kept.path("detail").asText())
                .contains("invalid FHIR").contains("expected 'W'"));
        assertThat(partner.requests()).isEmpty();
    }

    @Test
    void anXRoadResponseWithHttp200IsDelivered() throws Exception {
        partner.answerWith(KELA_ACCEPTS);

        UUID id = send(referralToKela(), KELA);

        MessageStatus status = awaitDelivery(id, DeliveryStatus.DELIVERED);
        assertThat(status.deliveries().get(0).attempts()).isEqualTo(1);
        assertThat(partner.requests()).singleElement()
                .satisfies(request -> assertThat(request.path()).isEqualTo("/xroad"));
    }

    @Test
    void aClientFaultWithHttp200IsDeadLetteredAtOnceWithTheFaultString() throws Exception {
        partner.answerWith(soapFault(200, "SOAP-ENV:Client", "Henkilötunnus ei ole Kelan tiedossa"));

        UUID id = send(referralToKela(), KELA);

        MessageStatus status = awaitDelivery(id, DeliveryStatus.DEAD);
        assertThat(status.deliveries().get(0).attempts()).isEqualTo(1);
        // The faultstring is free text, which may quote the message: only auditors read it.
        assertThat(status.deliveries().get(0).lastFailure())
                .isEqualTo(DeliveryFailure.of(DeliveryFailure.Kind.REFUSED, 200, List.of("SOAP-ENV:Client")));
        assertThat(partner.requests()).hasSize(1);
        Exchange dead = consumer.receive("jms:queue:" + queues.deadLetter(KELA) + "?selector=ketjuMessageId='" + id + "'", 5000);
        assertThat(dead.getMessage().getHeader("ketjuDeadReason", String.class)).isEqualTo("refused, HTTP 200 [SOAP-ENV:Client]");
        assertThat(keptFailures(id)).singleElement().satisfies(kept -> {
            assertThat(kept.path("attempt").asInt()).isEqualTo(1);
            assertThat(kept.path("summary").asText()).isEqualTo("refused, HTTP 200 [SOAP-ENV:Client]");
            assertThat(kept.path("detail").asText()).startsWith("HTTP 200").contains("Henkilötunnus ei ole Kelan tiedossa");
        });
    }

    @Test
    void aClientFaultWithHttp500IsDeadLetteredAtOnce() throws Exception {
        partner.answerWith(soapFault(500, "SOAP-ENV:Client.InvalidRequest", "Ammatillisen kuntoutuksen lähete puuttuu"));

        UUID id = send(referralToKela(), KELA);

        MessageStatus status = awaitDelivery(id, DeliveryStatus.DEAD);
        assertThat(status.deliveries().get(0).attempts()).isEqualTo(1);
        assertThat(status.deliveries().get(0).lastFailure())
                .isEqualTo(DeliveryFailure.of(DeliveryFailure.Kind.REFUSED, 500, List.of("SOAP-ENV:Client.InvalidRequest")));
        assertThat(partner.requests()).hasSize(1);
    }

    @Test
    void aServerFaultIsRetriedAndDeliveredWhenKelaRecovers() throws Exception {
        partner.answerWith(soapFault(500, "SOAP-ENV:Server", "Etuusjärjestelmä ei vastaa"), KELA_ACCEPTS);

        UUID id = send(referralToKela(), KELA);

        MessageStatus status = awaitDelivery(id, DeliveryStatus.DELIVERED);
        assertThat(status.deliveries().get(0).attempts()).isEqualTo(2);
        assertThat(status.log()).filteredOn(entry -> entry.event() == MessageEvent.DELIVERY_FAILED).singleElement()
                .satisfies(entry -> assertThat(entry.detail()).isEqualTo("attempt 1: unavailable, HTTP 500 [SOAP-ENV:Server]"));
        assertThat(partner.requests()).hasSize(2);
    }

    @Test
    void anHttp200ThatIsNotAnXRoadResponseIsRetried() throws Exception {
        partner.answerWith(new ScriptedPartner.Answer(200, "text/html", "<html><body>Huoltokatko</body></html>"), KELA_ACCEPTS);

        UUID id = send(referralToKela(), KELA);

        MessageStatus status = awaitDelivery(id, DeliveryStatus.DELIVERED);
        assertThat(status.deliveries().get(0).attempts()).isEqualTo(2);
        assertThat(status.log()).filteredOn(entry -> entry.event() == MessageEvent.DELIVERY_FAILED).singleElement()
                .satisfies(entry -> assertThat(entry.detail()).isEqualTo("attempt 1: unavailable, HTTP 200 [not-an-x-road-response]"));
    }

    private ObjectNode referralToKela() {
        ObjectNode canonical = CanonicalSamples.referral(mappings, json);
        ((ObjectNode) canonical.path("payload")).put("service", "vocational-rehabilitation");
        return canonical;
    }

    private static ScriptedPartner.Answer soapFault(int status, String faultCode, String faultString) {
        return new ScriptedPartner.Answer(status, TEXT_XML, """
                <SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/">
                  <SOAP-ENV:Body>
                    <SOAP-ENV:Fault>
                      <faultcode>%s</faultcode>
                      <faultstring>%s</faultstring>
                    </SOAP-ENV:Fault>
                  </SOAP-ENV:Body>
                </SOAP-ENV:Envelope>
                """.formatted(faultCode, faultString));
    }

    /** Why the delivery was given up, as the message's log says. */
    private static String deadLettered(MessageStatus status) {
        return status.log().stream().filter(entry -> entry.event() == MessageEvent.DEAD_LETTERED).findFirst().orElseThrow().detail();
    }

    /** What the auditor reads of the message's failed deliveries. */
    private JsonNode keptFailures(UUID id) throws Exception {
        HttpResponse<String> answer = HubTestSupport.get("/api/v1/audit/messages/" + id + "/failures", "sandbox-auditor");
        assertThat(answer.statusCode()).isEqualTo(200);
        return json.readTree(answer.body());
    }

    private UUID send(ObjectNode canonical) throws Exception {
        return deliveries.send(canonical, PARTNER);
    }

    private UUID send(ObjectNode canonical, String recipient) throws Exception {
        return deliveries.send(canonical, recipient);
    }

    private MessageStatus awaitDelivery(UUID id, DeliveryStatus expected) {
        return deliveries.awaitDelivery(id, expected);
    }
}
