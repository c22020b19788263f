package fi.ketju.delivery;

import static fi.ketju.HubTestSupport.get;
import static fi.ketju.HubTestSupport.testHetu;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fi.ketju.CanonicalSamples;
import fi.ketju.HubTestSupport;
import fi.ketju.LogCapture;
import fi.ketju.ScriptedDeliveries;
import fi.ketju.ScriptedPartner;
import fi.ketju.StandaloneHub;
import fi.ketju.audit.AuditDatabaseScan;
import fi.ketju.broker.QueueNames;
import fi.ketju.mapping.MappingsInForce;
import fi.ketju.message.DeliveryFailure;
import fi.ketju.message.DeliveryStatus;
import fi.ketju.message.MessageLedger;
import fi.ketju.message.MessageStatus;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Every way a delivery fails, with a recipient whose answers quote the client (as real FHIR servers, X-Road services
 * and JSON APIs do: "unknown patient 010181-900C"), run against a whole hub on each database: what admins, the
 * sender, the status API, the dead-letter list and the log see is the failure's kind, status and codes, and no
 * column of the database holds the identity code or the name in plain text; the auditor still reads the whole answer.
 */
abstract class FailurePathsContract {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FHIR = "failing-fhir";
    private static final String FHIR_DOWN = "failing-fhir-down";
    private static final String SOCIAL_CARE = "failing-social-care";
    private static final String KELA = "failing-kela";
    private static final String SILENT = "failing-silent";
    private static final String NO_TLS = "failing-no-tls";
    private static final String ADMIN = "sandbox-admin";
    /** The sample referral's sender. */
    private static final String SENDER = "sandbox-social-care";
    private static final String AUDITOR = "sandbox-auditor";
    private static final AtomicInteger CLIENTS = new AtomicInteger(7100);

    private static ScriptedPartner partner;
    /** Takes connections and never answers: a recipient that hangs. */
    private static ServerSocket silent;
    /** Answers plain HTTP the moment a connection opens, where TLS was expected: the handshake breaks. */
    private static ServerSocket plain;
    private static StandaloneHub hub;
    private static LogCapture logs;
    private static ScriptedDeliveries deliveries;

    /** Starts the hub on the database that {@code datasource} (spring.datasource.* arguments) names. */
    static void startHub(String... datasource) throws Exception {
        partner = new ScriptedPartner(HubTestSupport.freePort());
        silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        plain = answeringPlainHttp();
        logs = LogCapture.capture();
        String base = "http://localhost:" + partner.port();
        List<String> args = new ArrayList<>(List.of(
                "--ketju.partners." + FHIR + ".url=" + base + "/fhir", "--ketju.partners." + FHIR + ".format=fhir",
                "--ketju.partners." + FHIR_DOWN + ".url=" + base + "/fhir", "--ketju.partners." + FHIR_DOWN + ".format=fhir",
                "--ketju.partners." + SOCIAL_CARE + ".url=" + base + "/social-care",
                "--ketju.partners." + SOCIAL_CARE + ".format=social-care",
                "--ketju.partners." + KELA + ".url=" + base, "--ketju.partners." + KELA + ".format=kela",
                "--ketju.partners." + SILENT + ".url=http://localhost:" + silent.getLocalPort() + "/fhir",
                "--ketju.partners." + SILENT + ".format=fhir",
                "--ketju.partners." + NO_TLS + ".url=https://localhost:" + plain.getLocalPort() + "/fhir",
                "--ketju.partners." + NO_TLS + ".format=fhir",
                "--ketju.delivery.max-attempts=3",
                "--camel.component.http.response-timeout=1000",
                "--ketju.delivery.connections.read-timeout=1000"));
        args.addAll(List.of(datasource));
        hub = new StandaloneHub().start(args.toArray(String[]::new));
        deliveries = new ScriptedDeliveries(hub.bean(CamelContext.class), hub.bean(ProducerTemplate.class), hub.bean(MessageLedger.class),
                hub.bean(QueueNames.class), hub.bean(ObjectMapper.class));
        deliveries.startRoutes(FHIR, FHIR_DOWN, SOCIAL_CARE, KELA, SILENT, NO_TLS);
    }

    @AfterAll
    static void stopHub() throws IOException {
        if (hub != null) {
            hub.close();
            hub = null;
        }
        if (logs != null) {
            logs.close();
            logs = null;
        }
        if (partner != null) {
            partner.close();
            partner = null;
        }
        if (silent != null) {
            silent.close();
            silent = null;
        }
        if (plain != null) {
            plain.close();
            plain = null;
        }
    }

    @Test
    void aFhirServersRefusalQuotingTheClientShowsItsIssueCodesOnly() throws Exception {
        Client client = client();
        partner.answerWith(new ScriptedPartner.Answer(422, "application/fhir+json", """
                {"resourceType": "OperationOutcome", "issue": [{"severity": "error", "code": "not-found",
                  "details": {"coding": [{"system": "https://partner.example/codes", "code": "unknown-patient"}]},
                  "diagnostics": "No patient %s (%s)",
                  "expression": ["Bundle.entry[1].resource.identifier[0]", "Patient.identifier.where(value='%s')"]}]}
                """.formatted(client.hetu, client.name, client.hetu)));

        UUID id = send(client.referral(), FHIR);

        assertFailedWithoutPersonalData(id, FHIR, DeliveryStatus.DEAD, DeliveryFailure.of(DeliveryFailure.Kind.REFUSED, 422,
                List.of("not-found", "unknown-patient", "Bundle.entry[1].resource.identifier[0]")), client);
        assertAuditorReads(id, 1, client.hetu, client.name);
    }

    @Test
    void aJsonPartnersProblemQuotingTheClientShowsItsTypeAndTitleOnly() throws Exception {
        Client client = client();
        partner.answerWith(new ScriptedPartner.Answer(400, "application/problem+json", """
                {"type": "https://partner.example/problems/unknown-client", "title": "Unknown client",
                 "status": 400, "detail": "No client %s, %s", "client": "%s"}
                """.formatted(client.hetu, client.name, client.hetu)));

        UUID id = send(client.referral(), SOCIAL_CARE);

        assertFailedWithoutPersonalData(id, SOCIAL_CARE, DeliveryStatus.DEAD, DeliveryFailure.of(DeliveryFailure.Kind.REFUSED, 400,
                List.of("https://partner.example/problems/unknown-client", "Unknown client")), client);
        assertAuditorReads(id, 1, client.hetu, client.name);
    }

    @Test
    void kelasClientFaultQuotingTheClientShowsItsFaultCodeOnly() throws Exception {
        Client client = client();
        partner.answerWith(new ScriptedPartner.Answer(500, "text/xml; charset=UTF-8", """
                <SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/">
                  <SOAP-ENV:Body><SOAP-ENV:Fault>
                    <faultcode>SOAP-ENV:Client</faultcode>
                    <faultstring>Henkilötunnus %s (%s) ei ole Kelan tiedossa</faultstring>
                  </SOAP-ENV:Fault></SOAP-ENV:Body>
                </SOAP-ENV:Envelope>""".formatted(client.hetu, client.name)));

        UUID id = send(client.referralToKela(), KELA);

        assertFailedWithoutPersonalData(id, KELA, DeliveryStatus.DEAD,
                DeliveryFailure.of(DeliveryFailure.Kind.REFUSED, 500, List.of("SOAP-ENV:Client")), client);
        assertAuditorReads(id, 1, client.hetu, client.name);
    }

    @Test
    void aRecipientFailingItselfQuotingTheClientIsRetriedThenGivenUpShowingItsStatusOnly() throws Exception {
        Client client = client();
        ScriptedPartner.Answer failing = new ScriptedPartner.Answer(503, "text/plain", "backend error for " + client.hetu
                + " " + client.name);
        partner.answerWith(failing, failing, failing);

        UUID id = send(client.referral(), FHIR_DOWN);

        MessageStatus status = assertFailedWithoutPersonalData(id, FHIR_DOWN, DeliveryStatus.DEAD,
                DeliveryFailure.of(DeliveryFailure.Kind.UNAVAILABLE, 503, List.of()), client);
        assertThat(status.deliveries().get(0).attempts()).isEqualTo(3);
        assertAuditorReads(id, 3, client.hetu, client.name);
    }

    @Test
    void aRecipientThatDoesNotAnswerInTimeIsToldAsATimeout() throws Exception {
        Client client = client();

        UUID id = send(client.referral(), SILENT);

        assertFailedWithoutPersonalData(id, SILENT, DeliveryStatus.DEAD,
                DeliveryFailure.of(DeliveryFailure.Kind.TIMEOUT, null, List.of("SocketTimeoutException")), client);
        assertAuditorReads(id, 3, "SocketTimeoutException");
    }

    @Test
    void aBrokenTlsHandshakeIsToldAsATlsFailure() throws Exception {
        Client client = client();

        UUID id = send(client.referral(), NO_TLS);

        MessageStatus status = assertFailedWithoutPersonalData(id, NO_TLS, DeliveryStatus.DEAD, null, client);
        assertThat(status.deliveries().get(0).lastFailure().kind()).isEqualTo(DeliveryFailure.Kind.TLS);
        assertThat(status.deliveries().get(0).lastFailure().codes()).singleElement().asString().startsWith("SSL");
        assertAuditorReads(id, 3, "SSLException");
    }

    @Test
    void aMappingErrorQuotingTheMessageNamesOnlyTheMapping() throws Exception {
        Client client = client();
        ObjectNode referral = client.referralToKela();
        // No Kela code for it: the code map's error quotes the value.
        ((ObjectNode) referral.path("payload")).put("service", client.hetu);

        UUID id = send(referral, KELA);

        assertFailedWithoutPersonalData(id, KELA, DeliveryStatus.DEAD,
                DeliveryFailure.of(DeliveryFailure.Kind.MAPPING, null, List.of("kela/referral-from-canonical.xsl")), client);
        assertAuditorReads(id, 1, client.hetu);
        assertNotSent(id);
    }

    @Test
    void anOutputThatFailsValidationQuotingTheValueNamesOnlyWhereAndWhichRule() throws Exception {
        Client client = client();
        String wrongCheckCharacter = client.hetu.substring(0, 10) + (client.hetu.endsWith("A") ? "B" : "A");
        ObjectNode referral = client.referral();
        ((ObjectNode) referral.path("subject")).put("hetu", wrongCheckCharacter);

        UUID id = send(referral, FHIR);

        MessageStatus status = assertFailedWithoutPersonalData(id, FHIR, DeliveryStatus.DEAD, null,
                new Client(wrongCheckCharacter, client.name));
        assertThat(status.deliveries().get(0).lastFailure().kind()).isEqualTo(DeliveryFailure.Kind.VALIDATION);
        assertThat(status.deliveries().get(0).lastFailure().codes()).contains("fhir/referral-to-message-bundle.jslt")
                .anySatisfy(code -> assertThat(code).endsWith("ketju-hetu-invalid"));
        assertAuditorReads(id, 1, "ketju-hetu-invalid", "expected '");
        assertNotSent(id);
    }

    private static ServerSocket answeringPlainHttp() throws IOException {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread answering = new Thread(() -> {
            while (!server.isClosed()) {
                try (Socket connection = server.accept()) {
                    connection.getOutputStream().write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
                } catch (IOException closed) {
                    // the server was closed, or the hub hung up first
                }
            }
        }, "plain-http-where-tls-was-expected");
        answering.setDaemon(true);
        answering.start();
        return server;
    }

    /** A client of the test series with a name of its own, so that a finding names the test that leaked it. */
    private record Client(String hetu, String name) {

        ObjectNode referral() {
            ObjectNode canonical = CanonicalSamples.referral(hub.bean(MappingsInForce.class), hub.bean(ObjectMapper.class));
            ((ObjectNode) canonical.path("subject")).put("hetu", hetu);
            ((ObjectNode) canonical.path("subject").path("name")).put("family", name);
            return canonical;
        }

        ObjectNode referralToKela() {
            ObjectNode canonical = referral();
            ((ObjectNode) canonical.path("payload")).put("service", "vocational-rehabilitation");
            return canonical;
        }
    }

    private static Client client() {
        int n = CLIENTS.incrementAndGet();
        return new Client(testHetu(n), "Vuotamaton" + Character.toString('a' + n % 26) + Character.toString('a' + n / 26 % 26));
    }

    private static void assertNotSent(UUID id) {
        assertThat(partner.requests()).noneSatisfy(request -> assertThat(request.idempotencyKey()).startsWith(id.toString()));
    }

    private static UUID send(ObjectNode canonical, String recipient) throws Exception {
        return deliveries.send(canonical, recipient);
    }

    /**
     * Waits for the delivery to reach {@code expected} with {@code failure} (when not null), then looks wherever
     * anyone but an auditor could look: the status API as an admin and as the sender, the dead-letter list, the log,
     * and every text column of the database. Answers the status.
     */
    private static MessageStatus assertFailedWithoutPersonalData(UUID id, String recipient, DeliveryStatus expected,
            DeliveryFailure failure, Client client) throws Exception {
        MessageStatus status = deliveries.awaitDelivery(id, expected);
        if (failure != null) {
            assertThat(status.deliveries().get(0).lastFailure()).isEqualTo(failure);
        }
        String[] personalData = {client.hetu, client.name};
        for (String token : List.of(ADMIN, SENDER)) {
            HttpResponse<String> shown = get(hub.port, "/api/v1/messages/" + id, token);
            assertThat(shown.statusCode()).as(token).isEqualTo(200);
            assertThat(JSON.readTree(shown.body()).path("deliveries").get(0).path("lastFailure").path("kind").asText())
                    .isEqualTo(status.deliveries().get(0).lastFailure().kind().name());
            assertThat(shown.body()).as("the message's status as " + token + " sees it").doesNotContain(personalData);
        }
        // The ledger says DEAD a moment before the route's JMS transaction puts the message on the dead-letter queue.
        String deadLetters = await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> get(hub.port, "/api/v1/admin/dead-letters?recipient=" + recipient, ADMIN).body(),
                        listed -> listed.contains(id.toString()));
        assertThat(deadLetters).doesNotContain(personalData);
        assertThat(logs.lines()).as("the log and what was printed").allSatisfy(line -> assertThat(line).doesNotContain(personalData));
        JdbcClient jdbc = hub.bean(JdbcClient.class);
        for (String value : personalData) {
            assertThat(AuditDatabaseScan.columnsContaining(jdbc, value)).as("columns holding " + value + " in plain text").isEmpty();
        }
        return status;
    }

    /** The auditor reads each failed attempt's whole answer, and the trail still verifies. */
    private static void assertAuditorReads(UUID id, int failures, String... quoted) throws Exception {
        HttpResponse<String> kept = get(hub.port, "/api/v1/audit/messages/" + id + "/failures", AUDITOR);
        assertThat(kept.statusCode()).isEqualTo(200);
        JsonNode details = JSON.readTree(kept.body());
        assertThat(details).hasSize(failures).allSatisfy(detail -> assertThat(detail.path("detail").asText()).contains(quoted));
        assertThat(get(hub.port, "/api/v1/audit/messages/" + id + "/failures", ADMIN).statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(get(hub.port, "/api/v1/audit/verify", AUDITOR).body()).path("intact").asBoolean()).isTrue();
    }
}
