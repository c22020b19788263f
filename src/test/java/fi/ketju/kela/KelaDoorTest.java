package fi.ketju.kela;

import static fi.ketju.HubTestSupport.get;
import static fi.ketju.HubTestSupport.post;
import static fi.ketju.ResendSupport.assertNothingKept;
import static fi.ketju.ResendSupport.awaitDelivered;
import static fi.ketju.ResendSupport.freshClient;
import static fi.ketju.ResendSupport.freshClients;
import static fi.ketju.ResendSupport.lastRejection;
import static fi.ketju.ResendSupport.postConcurrently;
import static fi.ketju.ResendSupport.stored;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import fi.ketju.HubIntegrationTest;
import fi.ketju.ResendSupport;
import fi.ketju.mapping.SchemaViolation;
import fi.ketju.mapping.XmlSchemas;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The Kela door (POST /xroad/kela): what Kela's X-Road security server gets back for the sample and for
 * hostile or broken requests, and that a refused request stores nothing.
 */
class KelaDoorTest extends HubIntegrationTest {

    private static final String DOOR = "/xroad/kela";
    private static final String TOKEN = "sandbox-kela";
    private static final String TEXT_XML = "text/xml; charset=UTF-8";
    private static final String SAMPLE_ID = "<xrd:id>KELA-ETU-2026-778899</xrd:id>";
    private static final String SAMPLE_USER = "<xrd:userId>FI-KELA-ETUUSPALVELU</xrd:userId>";
    private static final String SAMPLE_CLIENT = "010181-900C";

    @Autowired
    JdbcClient jdbc;

    @Autowired
    XmlSchemas schemas;

    @Autowired
    ObjectMapper json;

    @Test
    void acceptsTheSampleWithAnXRoadResponseCarryingTheHubMessageId() throws Exception {
        String xroadId = "TEST-" + UUID.randomUUID();

        HttpResponse<String> response = post(DOOR, TOKEN, TEXT_XML, sample(xroadId));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/xml"));
        Element header = soap(response, "Header");
        assertThat(xroad(header, "id")).isEqualTo(xroadId);
        assertThat(xroad(header, "userId")).isEqualTo("FI-KELA-ETUUSPALVELU");
        assertThat(xroad(header, "protocolVersion")).isEqualTo("4.0");
        assertThat(header.getElementsByTagNameNS(XRoadRequest.IDENTIFIERS, "memberCode").item(0).getTextContent())
                .as("client").isEqualTo("0246246-0");
        Element accepted = answerBody(response);
        assertThat(accepted.getLocalName()).isEqualTo("BenefitStatusResponse");
        assertThat(schemas.validate("kela/messages.xsd", accepted)).isEmpty();
        String messageId = kela(accepted, "messageId");
        assertThat(UUID.fromString(messageId)).isNotNull();
        assertThat(kela(accepted, "status")).isEqualTo("/api/v1/messages/" + messageId);
        assertThat(kela(accepted, "duplicate")).isEqualTo("false");
        assertThat(response.headers().firstValue("Location")).hasValue("/api/v1/messages/" + messageId);

        HttpResponse<String> status = get("/api/v1/messages/" + messageId, TOKEN);
        assertThat(status.statusCode()).isEqualTo(200);
        var message = json.readTree(status.body());
        assertThat(message.path("messageId").asText()).isEqualTo(messageId);
        assertThat(message.path("type").asText()).isEqualTo("benefit-status");
        assertThat(message.path("sender").asText()).isEqualTo("kela");
        assertThat(message.path("senderMessageId").asText()).isEqualTo(xroadId);
    }

    /** The same request again, sent by another user at Kela (X-Road userId): the same message. */
    @Test
    void aResendIsAnsweredWithTheSameHubMessageIdAndStoredOnce() throws Exception {
        String request = sample("TEST-" + UUID.randomUUID());
        String first = kela(answerBody(post(DOOR, TOKEN, TEXT_XML, request)), "messageId");
        long messages = messageCount();
        assertThat(request).contains(SAMPLE_USER);

        HttpResponse<String> again = post(DOOR, TOKEN, TEXT_XML, request.replace(SAMPLE_USER, "<xrd:userId>FI-KELA-TOINEN</xrd:userId>"));

        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(kela(answerBody(again), "messageId")).isEqualTo(first);
        assertThat(kela(answerBody(again), "duplicate")).isEqualTo("true");
        assertThat(messageCount()).isEqualTo(messages);
    }

    /** Another client under a used X-Road id is another message: a Client fault naming the original, nothing kept. */
    @Test
    void anotherMessageUnderAUsedXRoadIdIsAConflictNamingTheOriginal() throws Exception {
        String request = sample(newId());
        String first = kela(answerBody(post(DOOR, TOKEN, TEXT_XML, request)), "messageId");
        String otherHetu = freshClient();
        List<Long> before = stored(jdbc);

        assertConflict(withClient(request, otherHetu), Map.of(), "/Envelope/Header/id", first, otherHetu, before);
    }

    /** Under an Idempotency-Key: the same request again is a resend, another one a conflict naming the header. */
    @Test
    void anotherMessageUnderAUsedIdempotencyKeyIsAConflictNamingTheOriginal() throws Exception {
        Map<String, String> key = Map.of("Idempotency-Key", "retry-" + UUID.randomUUID());
        String request = sample(newId());
        String first = kela(answerBody(post(DOOR, TOKEN, TEXT_XML, request, key)), "messageId");
        assertThat(kela(answerBody(post(DOOR, TOKEN, TEXT_XML, request, key)), "messageId")).isEqualTo(first);
        String otherHetu = freshClient();
        List<Long> before = stored(jdbc);

        assertConflict(withClient(sample(newId()), otherHetu), key, "Idempotency-Key", first, otherHetu, before);
    }

    /** Eight different requests under one X-Road id at once: one accepted and delivered, seven Client faults. */
    @Test
    void differentMessagesPostedConcurrentlyUnderOneXRoadIdAreOneAcceptedAndSevenConflicts() throws Exception {
        String request = sample(newId());
        List<String> clients = freshClients(8);

        List<HttpResponse<String>> answers = postConcurrently(DOOR, TOKEN, TEXT_XML,
                clients.stream().map(hetu -> withClient(request, hetu)).toList(), Map.of());

        List<HttpResponse<String>> accepted = answers.stream().filter(answer -> answer.statusCode() == 200).toList();
        assertThat(accepted).hasSize(1);
        String id = kela(answerBody(accepted.get(0)), "messageId");
        assertThat(kela(answerBody(accepted.get(0)), "duplicate")).isEqualTo("false");
        assertThat(answers).filteredOn(answer -> answer.statusCode() == 500).hasSize(7)
                .allSatisfy(conflict -> assertThat(conflict.body()).contains("SOAP-ENV:Client", id));
        awaitDelivered(id, TOKEN);
        assertThat(clients).filteredOn(ResendSupport::receivedAnywhere).as("delivered: the accepted one only")
                .containsExactly(clients.get(answers.indexOf(accepted.get(0))));
    }

    @Test
    void refusesMalformedXml() throws Exception {
        assertRefused(sample(newId()).substring(0, 500), 500, "/", "xml-well-formed", "line");
    }

    @Test
    void refusesAnotherContentTypeWith415() throws Exception {
        HttpResponse<String> response = assertRefused(sample(newId()), "application/soap+xml", TOKEN, 415,
                "Content-Type", "media-type", "text/xml");
        assertThat(response.body()).contains("application/soap+xml");
    }

    @Test
    void refusesADoctypeWithAnExternalEntityWithoutReadingIt() throws Exception {
        String withEntity = sampleWithDoctype("<!ENTITY secret SYSTEM \"file:///etc/passwd\">", "secret");

        HttpResponse<String> response = assertRefused(withEntity, 500, "/", "xml-well-formed", "DOCTYPE");

        assertThat(response.body()).doesNotContain("root:").doesNotContain("/bin/");
    }

    @Test
    void refusesEntityExpansionWithoutExpandingIt() throws Exception {
        StringBuilder entities = new StringBuilder("<!ENTITY lol0 \"lol\">");
        for (int level = 1; level <= 10; level++) {
            entities.append("<!ENTITY lol").append(level).append(" \"")
                    .append(("&lol" + (level - 1) + ";").repeat(10)).append("\">");
        }
        String laughs = sampleWithDoctype(entities.toString(), "lol10");

        HttpResponse<String> response = assertRefused(laughs, 500, "/", "xml-well-formed", "DOCTYPE");

        assertThat(response.body()).doesNotContain("lollol");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            a message type Kela may not send | BenefitStatus                           | Unknown                                 | /Envelope/Body/Unknown                    | message-type           | Kela may not send Unknown
            HL7 Finland's wrong check char   | 010181-900C                             | 010190-999Y                             | /Envelope/Body/BenefitStatus/person/hetu  | fi-hetu                | expected 'W'
            a missing mandatory field        | <kela:status>maksussa</kela:status>     | ""                                      | /Envelope/Body/BenefitStatus              | cvc-complex-type.2.4.a | :status}' is expected
            X-Road protocol other than 4.x   | <xrd:protocolVersion>4.0<               | <xrd:protocolVersion>3.1<               | /Envelope/Header/protocolVersion          | xroad-protocol-version | must be 4.x
            a client member that is not Kela | <id:memberCode>0246246-0</id:memberCode> | <id:memberCode>7654321-2</id:memberCode> | /Envelope/Header/client/memberCode        | known-sender           | 7654321-2
            """)
    void refusesABrokenRequestNamingFieldAndRule(String what, String part, String replacement, String field, String rule,
            String detailPart) throws Exception {
        assertThat(KelaSamples.benefitStatusText()).as(what).contains(part);

        assertRefused(sample(newId()).replace(part, replacement), 500, field, rule, detailPart);
    }

    @Test
    void refusesAnOversizeBody() throws Exception {
        String huge = sample(newId()).replace("Kela etuustieto", "x".repeat(1_100_000));
        assertRefused(huge, 500, "body", "max-size", "bytes");
    }

    @Test
    void refusesWithoutTokenAndForAnotherPartner() throws Exception {
        assertThat(post(DOOR, null, TEXT_XML, sample(newId())).statusCode()).isEqualTo(401);
        assertRefused(sample(newId()), TEXT_XML, "sandbox-social-care", 403, "Authorization", "partner", "Kela partner");
    }

    private HttpResponse<String> assertRefused(String body, int status, String field, String rule, String detailPart)
            throws Exception {
        return assertRefused(body, TEXT_XML, TOKEN, status, field, rule, detailPart);
    }

    /**
     * A Client fault (HTTP 500, as X-Road passes it on) naming the reused field or header, the rule and the hub message
     * it belongs to, never the client; the refusal logged by field and rule; nothing of the message kept or delivered.
     */
    private void assertConflict(String request, Map<String, String> headers, String field, String existingId, String hetu,
            List<Long> storedBefore) throws Exception {
        HttpResponse<String> response = assertRefused(request, TEXT_XML, TOKEN, headers, 500, field, "conflict", existingId);

        assertThat(response.body()).doesNotContain(hetu);
        Document fault = HardenedXml.parse(response.body().getBytes(StandardCharsets.UTF_8));
        assertThat(unqualified(fault, "faultstring")).contains(existingId);
        assertThat(lastRejection(jdbc)).isEqualTo("at " + DOOR + ": " + field + " (conflict)");
        assertNothingKept(jdbc, storedBefore, existingId, TOKEN, hetu);
    }

    private HttpResponse<String> assertRefused(String body, String contentType, String token, int status, String field,
            String rule, String detailPart) throws Exception {
        return assertRefused(body, contentType, token, Map.of(), status, field, rule, detailPart);
    }

    /** A SOAP 1.1 Client fault naming the field and rule, each violation in its detail, and nothing stored. */
    private HttpResponse<String> assertRefused(String body, String contentType, String token, Map<String, String> headers, int status,
            String field, String rule, String detailPart) throws Exception {
        long messagesBefore = messageCount();

        HttpResponse<String> response = post(DOOR, token, contentType, body, headers);

        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/xml"));
        Document fault = HardenedXml.parse(response.body().getBytes(StandardCharsets.UTF_8));
        assertThat(unqualified(fault, "faultcode")).isEqualTo("SOAP-ENV:Client");
        assertThat(unqualified(fault, "faultstring")).contains(field).contains(rule);
        assertThat(violations(fault)).anySatisfy(violation -> {
            assertThat(violation.field()).isEqualTo(field);
            assertThat(violation.rule()).isEqualTo(rule);
            assertThat(violation.detail()).contains(detailPart);
        });
        assertThat(messageCount()).as("nothing is stored for a refused message").isEqualTo(messagesBefore);
        return response;
    }

    private long messageCount() {
        return jdbc.sql("select count(*) from message").query(Long.class).single();
    }

    /** The sample with its own X-Road id, so that tests do not see each other's requests as resends. */
    private static String sample(String xroadId) {
        String sample = KelaSamples.benefitStatusText();
        assertThat(sample).contains(SAMPLE_ID);
        return sample.replace(SAMPLE_ID, "<xrd:id>" + xroadId + "</xrd:id>");
    }

    /** The request about another client: only the sample's client has its identity code. */
    private static String withClient(String request, String hetu) {
        assertThat(request).containsOnlyOnce(SAMPLE_CLIENT);
        return request.replace(SAMPLE_CLIENT, hetu);
    }

    /** The sample with a DOCTYPE declaring {@code entities}, and {@code reference} used in its body. */
    private static String sampleWithDoctype(String entities, String reference) {
        return sample(newId())
                .replace("<SOAP-ENV:Envelope", "<!DOCTYPE SOAP-ENV:Envelope [" + entities + "]>\n<SOAP-ENV:Envelope")
                .replace("Kela etuustieto", "&" + reference + ";");
    }

    private static String newId() {
        return "TEST-" + UUID.randomUUID();
    }

    private static Element answerBody(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).isEqualTo(200);
        Element body = soap(response, "Body");
        return (Element) body.getElementsByTagNameNS("*", "*").item(0);
    }

    private static Element soap(HttpResponse<String> response, String localName) throws Exception {
        Document answer = HardenedXml.parse(response.body().getBytes(StandardCharsets.UTF_8));
        return (Element) answer.getElementsByTagNameNS(XRoadRequest.SOAP_ENVELOPE, localName).item(0);
    }

    private static String xroad(Element header, String localName) {
        return header.getElementsByTagNameNS(XRoadRequest.XROAD, localName).item(0).getTextContent();
    }

    private static String kela(Element parent, String localName) {
        return parent.getElementsByTagNameNS(KelaSamples.KELA_NAMESPACE, localName).item(0).getTextContent();
    }

    /** faultcode and faultstring are unqualified in SOAP 1.1. */
    private static String unqualified(Document document, String name) {
        return document.getElementsByTagName(name).item(0).getTextContent();
    }

    private static List<SchemaViolation> violations(Document fault) {
        List<SchemaViolation> violations = new ArrayList<>();
        var entries = fault.getElementsByTagNameNS(KelaSamples.KELA_NAMESPACE, "violation");
        for (int i = 0; i < entries.getLength(); i++) {
            Element entry = (Element) entries.item(i);
            violations.add(new SchemaViolation(kela(entry, "field"), kela(entry, "rule"), kela(entry, "detail")));
        }
        return violations;
    }
}
