package fi.ketju.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fi.ketju.HubIntegrationTest;
import fi.ketju.HubTestSupport;
import fi.ketju.ScriptedDeliveries;
import fi.ketju.broker.QueueNames;
import fi.ketju.disclosure.DisclosurePolicy;
import fi.ketju.mapping.MappingsInForce;
import fi.ketju.mapping.TranslationTable;
import fi.ketju.message.DeliveryStatus;
import fi.ketju.message.MessageLedger;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Composition;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Delivery in transaction mode (fhir-mode: transaction, as production's health-care recipient) to a real HAPI FHIR
 * JPA server (JpaServerPeer: its own process, H2 in memory), read back from that server with FHIR searches. A
 * message the server already has, whoever sends it again, creates nothing a second time (conditional creates on the
 * identifiers), and what several messages share (the client, the sending organisation) exists there once.
 */
class JpaServerDeliveryTest extends HubIntegrationTest {

    private static final String SERVER = HubTestSupport.JPA_SERVER;
    private static final String HETU = "urn:oid:1.2.246.21";
    private static final String URI_SYSTEM = "urn:ietf:rfc:3986";
    /** The resource types the two messages make. */
    private static final List<String> TYPES = List.of("Patient", "Organization", "Practitioner", "ServiceRequest",
            "Observation", "Composition", "Condition", "QuestionnaireResponse", "Consent");
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final FhirContext FHIR = FhirContext.forR4Cached();

    private static JpaServerPeer server;

    @Autowired CamelContext camel;
    @Autowired ProducerTemplate producer;
    @Autowired MessageLedger ledger;
    @Autowired QueueNames queues;
    @Autowired ObjectMapper json;
    @Autowired MappingsInForce mappings;
    @Autowired TranslationTable translations;
    @Autowired DisclosurePolicy disclosure;
    @Autowired PartnerDirectory partners;
    @Autowired RecipientFormats formats;
    private ScriptedDeliveries deliveries;

    /** One server for the class: building and starting it takes most of this test's time. */
    @BeforeAll
    static void startServer() throws Exception {
        server = JpaServerPeer.start(HubTestSupport.JPA_SERVER_PORT, Path.of("target", "jpa-server-peer.log"));
        System.out.printf("JPA server peer: built in %d s, started in %d s%n",
                server.buildTime().toSeconds(), server.startTime().toSeconds());
    }

    @AfterAll
    static void stopServer() throws InterruptedException {
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void deliveryRoute() throws Exception {
        deliveries = new ScriptedDeliveries(camel, producer, ledger, queues, json);
        deliveries.startRoutes(SERVER);
    }

    @Test
    void referralAndAssessmentSummaryAreReadBackWithTheClientOnce() throws Exception {
        String hetu = "010190-901R";
        ObjectNode referral = message("referral", hetu);
        ObjectNode summary = message("assessment-summary", hetu);
        summary.with("payload").put("referralMessageId", referral.path("messageId").asText());

        deliver(referral, hetu);
        deliver(summary, hetu);

        Patient patient = single(search("Patient?identifier=" + HETU + "|" + hetu), Patient.class);
        String subject = "Patient/" + patient.getIdElement().getIdPart();
        ServiceRequest request = single(search("ServiceRequest?identifier=" + hubId(referral)), ServiceRequest.class);
        assertThat(request.getSubject().getReference()).isEqualTo(subject);
        assertThat(request.getIntent()).isEqualTo(ServiceRequest.ServiceRequestIntent.ORDER);
        Composition composition = single(search("Composition?subject=" + subject), Composition.class);
        assertThat(composition.getEventFirstRep().getDetailFirstRep().getIdentifier().getValue())
                .as("the referral the summary answers").isEqualTo("urn:uuid:" + referral.path("messageId").asText());
        List<Observation> observations = all(search("Observation?subject=" + subject + "&_count=100"), Observation.class);
        assertThat(observations).hasSize(count(referral, "Observation") + count(summary, "Observation"));
        assertThat(observations).extracting(observation -> observation.getCode().getCodingFirstRep().getCode())
                .contains("67875-5", "work-ability-conclusion")
                .containsAll(codes(referral.at("/payload/functionalLimitations")))
                .containsAll(codes(summary.at("/payload/functioning")));
        System.out.printf("read back from the JPA server for the client: %s%n", counts("patient=" + subject));
    }

    /**
     * The hub sent the message, the server stored it, and the hub stopped before it recorded the answer: it sends the
     * message again on restart. The second transaction creates nothing; the hub records the delivery.
     */
    @Test
    void aMessageDeliveredAgainAfterACrashCreatesNothingTwice() throws Exception {
        String hetu = "150299+9062"; // born in the 1800s: a '+' in a URL's query is a space unless encoded
        ObjectNode referral = message("referral", hetu);
        UUID id = deliveries.route(referral, clientKey(hetu), List.of(SERVER));
        HttpResponse<String> first = post(transaction(referral)); // the attempt whose answer the hub never recorded
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        Map<String, Integer> stored = counts("");

        deliveries.enqueue(referral, clientKey(hetu), List.of(SERVER));

        assertThat(deliveries.awaitDelivery(id, DeliveryStatus.DELIVERED).deliveries().get(0).attempts()).isEqualTo(1);
        assertThat(counts("")).isEqualTo(stored);
        assertThat(all(search("Patient?identifier=" + HETU + "|" + hetu), Patient.class)).hasSize(1);
        assertThat(all(search("ServiceRequest?identifier=" + hubId(referral)), ServiceRequest.class)).hasSize(1);
        System.out.printf("after the same referral twice, the JPA server holds: %s%n", stored);
    }

    /** The same transaction again, as a resend from anyone: every entry answers 200 (found), none 201 (created). */
    @Test
    void theSameTransactionAgainFindsEveryResourceAndCreatesNone() throws Exception {
        String hetu = "311299-903B";
        ObjectNode summary = message("assessment-summary", hetu);
        deliver(summary, hetu);
        Map<String, Integer> stored = counts("");

        Bundle answer = (Bundle) FHIR.newJsonParser().parseResource(post(transaction(summary)).body());

        assertThat(answer.getEntry()).isNotEmpty()
                .allSatisfy(entry -> assertThat(entry.getResponse().getStatus()).startsWith("200"));
        assertThat(counts("")).isEqualTo(stored);
    }

    /**
     * Referrals of different clients from one organisation delivered at once: their conditional creates of the
     * organisation race, the server refuses the loser with 409 Conflict, and the hub tries it again, when the
     * organisation is found. Every referral is delivered and the organisation exists once.
     */
    @Test
    void referralsFromOneOrganisationAtOnceAreAllDeliveredAndItExistsOnce() throws Exception {
        List<String> clients = List.of("240386-9048", "050505A905R", "020516C903K", "010181-900C");
        // An organisation the server has not seen, whichever test ran first: its first creation is the race.
        String soteOid = "1.2.246.10.12345671.10." + (1000 + new Random().nextInt(1_000_000));
        List<UUID> ids = new ArrayList<>();
        for (String hetu : clients) {
            ObjectNode referral = message("referral", hetu);
            referral.with("sender").with("organisation").put("soteOid", soteOid);
            ids.add(deliveries.send(referral, clientKey(hetu), List.of(SERVER)));
        }

        for (UUID id : ids) {
            deliveries.awaitDelivery(id, DeliveryStatus.DELIVERED);
        }
        assertThat(all(search("Organization?identifier=urn:oid:1.2.246.537.6.202.2008|" + soteOid), Resource.class)).hasSize(1);
        for (String hetu : clients) {
            assertThat(all(search("Patient?identifier=" + HETU + "|" + hetu), Patient.class)).as(hetu).hasSize(1);
        }
    }

    /** A canonical sample (mappings/canonical/samples) with fresh message ids, about the client {@code hetu}. */
    private ObjectNode message(String type, String hetu) throws Exception {
        ObjectNode message = (ObjectNode) json.readTree(Path.of("mappings/canonical/samples", type + ".json").toFile());
        message.put("messageId", UUID.randomUUID().toString());
        message.put("senderMessageId", "TEST-" + UUID.randomUUID());
        message.with("subject").put("hetu", hetu);
        return message;
    }

    /**
     * The client's key (its message group and the subject key the ledger keeps): opaque as the door's keyed hash is,
     * never the identity code itself, which no column may hold in plain.
     */
    private static String clientKey(String hetu) {
        return "test-client-" + UUID.nameUUIDFromBytes(hetu.getBytes(StandardCharsets.UTF_8));
    }

    private void deliver(ObjectNode message, String hetu) throws Exception {
        deliveries.awaitDelivery(deliveries.send(message, clientKey(hetu), List.of(SERVER)), DeliveryStatus.DELIVERED);
    }

    /** The transaction the hub makes of the message for the server: the same mappings, policy and validation. */
    private String transaction(ObjectNode message) {
        PartnerDirectory.Partner partner = partners.get(SERVER);
        String mapping = translations.outbound("fhir", message.path("type").asText()).orElseThrow();
        return formats.of(partner.format()).translate(mappings.current(),
                disclosure.apply(message, partner.format().family()).message(), mapping, partner, SERVER).body();
    }

    private int count(ObjectNode message, String resourceType) throws Exception {
        return (int) json.readTree(transaction(message)).path("entry").findValuesAsText("resourceType").stream()
                .filter(resourceType::equals).count();
    }

    private static List<String> codes(JsonNode items) {
        List<String> codes = new ArrayList<>();
        items.forEach(item -> codes.add(item.path("code").asText()));
        return codes;
    }

    private static String hubId(ObjectNode message) {
        return URI_SYSTEM + "|urn:uuid:" + message.path("messageId").asText();
    }

    /** How many of each type the server holds, of those matching {@code criteria} ("" for all). */
    private Map<String, Integer> counts(String criteria) throws Exception {
        Map<String, Integer> counts = new TreeMap<>();
        for (String type : TYPES) {
            if (!criteria.isEmpty() && List.of("Patient", "Organization", "Practitioner").contains(type)) {
                continue; // not in a patient's compartment by the patient search parameter
            }
            Bundle found = search(type + "?_summary=count" + (criteria.isEmpty() ? "" : "&" + criteria));
            counts.put(type, found.getTotal());
        }
        return counts;
    }

    private Bundle search(String query) throws Exception {
        int question = query.indexOf('?');
        StringBuilder url = new StringBuilder(server.base() + "/" + query.substring(0, question + 1));
        for (String parameter : query.substring(question + 1).split("&")) {
            int equals = parameter.indexOf('=');
            url.append(url.charAt(url.length() - 1) == '?' ? "" : "&").append(parameter, 0, equals + 1)
                    .append(URLEncoder.encode(parameter.substring(equals + 1), StandardCharsets.UTF_8));
        }
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(url.toString()))
                .header("Accept", "application/fhir+json").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as("GET %s: %s", url, answer.body()).isEqualTo(200);
        return (Bundle) FHIR.newJsonParser().parseResource(answer.body());
    }

    private HttpResponse<String> post(String transaction) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(server.base()))
                .header("Content-Type", "application/fhir+json")
                .POST(HttpRequest.BodyPublishers.ofString(transaction)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static <T extends Resource> T single(Bundle found, Class<T> type) {
        return assertThat(all(found, type)).singleElement().actual();
    }

    private static <T extends Resource> List<T> all(Bundle found, Class<T> type) {
        assertThat(found.getLink(Bundle.LINK_NEXT)).as("one page").isNull();
        return found.getEntry().stream().map(entry -> type.cast(entry.getResource())).toList();
    }
}
