package fi.ketju.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServer;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.StrictErrorHandler;

/** The health-care partner's real HAPI RestfulServer on an embedded Tomcat, without the rest of the hub. */
class HealthCareFhirServerTest {

    private static final String REFERRAL_MESSAGE = """
            {
              "resourceType": "Bundle",
              "type": "message",
              "timestamp": "2025-03-03T09:00:00+02:00",
              "entry": [ {
                "fullUrl": "urn:uuid:0b6f3c2e-8d8e-4a3c-9c55-2f3b8a1d0001",
                "resource": {
                  "resourceType": "MessageHeader",
                  "id": "0b6f3c2e-8d8e-4a3c-9c55-2f3b8a1d0001",
                  "eventCoding": { "system": "https://ketju.fi/fhir/CodeSystem/message-event", "code": "referral" },
                  "source": { "endpoint": "https://ketju.example/fhir" },
                  "focus": [ { "reference": "urn:uuid:0b6f3c2e-8d8e-4a3c-9c55-2f3b8a1d0002" } ]
                }
              }, {
                "fullUrl": "urn:uuid:0b6f3c2e-8d8e-4a3c-9c55-2f3b8a1d0002",
                "resource": {
                  "resourceType": "ServiceRequest",
                  "status": "active",
                  "intent": "order",
                  "subject": { "identifier": { "system": "urn:oid:1.2.246.21", "value": "010181-900C" } }
                }
              } ]
            }
            """;
    private static final String TRANSACTION = """
            {
              "resourceType": "Bundle",
              "type": "transaction",
              "entry": [ {
                "resource": { "resourceType": "Patient", "active": true },
                "request": { "method": "POST", "url": "Patient" }
              }, {
                "resource": { "resourceType": "ServiceRequest", "status": "active", "intent": "order",
                              "subject": { "display": "test" } },
                "request": { "method": "POST", "url": "ServiceRequest" }
              } ]
            }
            """;

    private static final FhirContext FHIR_CONTEXT = strictR4Context();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final SandboxInbox INBOX = new SandboxInbox();
    private static WebServer tomcat;
    private static String fhirBase;

    @BeforeAll
    static void startServer() {
        tomcat = new TomcatServletWebServerFactory(0).getWebServer(
                new HealthCareSandboxConfiguration().healthCareFhirServlet(FHIR_CONTEXT, INBOX));
        tomcat.start();
        fhirBase = "http://localhost:" + tomcat.getPort() + HealthCareSandboxConfiguration.FHIR_BASE_PATH;
    }

    @AfterAll
    static void stopServer() {
        tomcat.stop();
    }

    @BeforeEach
    void emptyInbox() {
        INBOX.clear(SandboxPartner.HEALTH_CARE);
    }

    @Test
    void processMessageAnswersOkResponseAndRecordsRawBody() throws Exception {
        HttpResponse<String> response = post("/$process-message", REFERRAL_MESSAGE, "key-1");

        assertThat(response.statusCode()).isEqualTo(200);
        Bundle answer = FHIR_CONTEXT.newJsonParser().parseResource(Bundle.class, response.body());
        assertThat(answer.getType()).isEqualTo(Bundle.BundleType.MESSAGE);
        MessageHeader header = (MessageHeader) answer.getEntryFirstRep().getResource();
        assertThat(header.getResponse().getCode()).isEqualTo(MessageHeader.ResponseType.OK);
        assertThat(header.getResponse().getIdentifier()).isEqualTo("0b6f3c2e-8d8e-4a3c-9c55-2f3b8a1d0001");
        assertThat(header.getDestinationFirstRep().getEndpoint()).isEqualTo("https://ketju.example/fhir");

        assertThat(INBOX.received(SandboxPartner.HEALTH_CARE)).singleElement().satisfies(received -> {
            assertThat(received.body()).isEqualTo(REFERRAL_MESSAGE);
            assertThat(received.contentType()).startsWith("application/fhir+json");
            assertThat(received.idempotencyKey()).isEqualTo("key-1");
            assertThat(received.receivedAt()).isNotNull();
        });
    }

    @Test
    void messageHeaderWithoutIdIsAnsweredWithTheUuidOfItsFullUrl() throws Exception {
        String withoutId = REFERRAL_MESSAGE.replace("\"id\": \"0b6f3c2e-8d8e-4a3c-9c55-2f3b8a1d0001\",", "");

        HttpResponse<String> response = post("/$process-message", withoutId, "key-7");

        assertThat(response.statusCode()).isEqualTo(200);
        MessageHeader header = (MessageHeader) FHIR_CONTEXT.newJsonParser()
                .parseResource(Bundle.class, response.body()).getEntryFirstRep().getResource();
        assertThat(header.getResponse().getIdentifier()).isEqualTo("0b6f3c2e-8d8e-4a3c-9c55-2f3b8a1d0001");
    }

    @Test
    void redeliveryWithSameIdempotencyKeyIsAcknowledgedButStoredOnce() throws Exception {
        assertThat(post("/$process-message", REFERRAL_MESSAGE, "key-2").statusCode()).isEqualTo(200);
        assertThat(post("/$process-message", REFERRAL_MESSAGE, "key-2").statusCode()).isEqualTo(200);

        assertThat(INBOX.count(SandboxPartner.HEALTH_CARE)).isEqualTo(1);
    }

    @Test
    void transactionAnswers201PerEntry() throws Exception {
        HttpResponse<String> response = post("", TRANSACTION, "key-3");

        assertThat(response.statusCode()).isEqualTo(200);
        Bundle answer = FHIR_CONTEXT.newJsonParser().parseResource(Bundle.class, response.body());
        assertThat(answer.getType()).isEqualTo(Bundle.BundleType.TRANSACTIONRESPONSE);
        assertThat(answer.getEntry()).hasSize(2).allSatisfy(entry -> {
            assertThat(entry.getResponse().getStatus()).isEqualTo("201 Created");
            assertThat(entry.getResponse().getLocation()).matches("(Patient|ServiceRequest)/.+/_history/1");
        });
        assertThat(INBOX.received(SandboxPartner.HEALTH_CARE)).singleElement()
                .satisfies(received -> assertThat(received.body()).isEqualTo(TRANSACTION));
    }

    @Test
    void processMessageRefusesTransactionBundle() throws Exception {
        HttpResponse<String> response = post("/$process-message", TRANSACTION, "key-4");

        assertRefused(response, "type message");
    }

    @Test
    void transactionRefusesMessageBundle() throws Exception {
        HttpResponse<String> response = post("", REFERRAL_MESSAGE, "key-5");

        assertRefused(response, "type transaction");
    }

    @Test
    void unknownElementIsRefusedByStrictParser() throws Exception {
        HttpResponse<String> response = post("/$process-message",
                REFERRAL_MESSAGE.replace("\"status\": \"active\"", "\"statuz\": \"active\""), "key-6");

        assertRefused(response, "statuz");
    }

    private static void assertRefused(HttpResponse<String> response, String expectedDiagnostics) {
        assertThat(response.statusCode()).isEqualTo(400);
        OperationOutcome outcome = FHIR_CONTEXT.newJsonParser().parseResource(OperationOutcome.class, response.body());
        assertThat(outcome.getIssueFirstRep().getSeverity()).isEqualTo(OperationOutcome.IssueSeverity.ERROR);
        assertThat(outcome.getIssueFirstRep().getDiagnostics()).contains(expectedDiagnostics);
        assertThat(INBOX.count(SandboxPartner.HEALTH_CARE)).isZero();
    }

    private static HttpResponse<String> post(String path, String body, String idempotencyKey)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(fhirBase + path))
                .header("Content-Type", "application/fhir+json")
                .header("Accept", "application/fhir+json")
                .header("Idempotency-Key", idempotencyKey)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static FhirContext strictR4Context() {
        FhirContext fhirContext = FhirContext.forR4();
        fhirContext.setParserErrorHandler(new StrictErrorHandler());
        return fhirContext;
    }
}
