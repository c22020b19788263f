package fi.ketju.fhir;

import static fi.ketju.HubTestSupport.BASE;
import static fi.ketju.HubTestSupport.get;
import static fi.ketju.HubTestSupport.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.client.api.IClientInterceptor;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.IHttpRequest;
import ca.uhn.fhir.rest.client.api.IHttpResponse;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import fi.ketju.HubIntegrationTest;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.MessageHeader.ResponseType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The FHIR door as a health-care FHIR developer drives it: with HAPI FHIR's generic client (IGenericClient), in each
 * form the client offers for $process-message, in JSON and XML. Asserts what the client hands its caller.
 */
class GenericClientDoorTest extends HubIntegrationTest {

    private static final String TOKEN = "sandbox-health-care";
    /** The fullUrl of the samples' MessageHeader (urn:uuid:...): the id a response names the request by. */
    private static final String REFERRAL_HEADER = "6f1b7c2e-5a4d-4e1f-9c3b-2d8e7a6f0001";
    private static final String SAMPLE_PATIENT = "010181-900C";
    /** The HL7 Finland example identity code: its check character should be W. */
    private static final String WRONG_HETU = "010190-999Y";
    /** A FHIR developer's own context: HAPI's defaults, not the hub's strict parser. */
    private static final FhirContext DEVELOPER = FhirContext.forR4();

    @Autowired JdbcClient jdbc;

    private final LastResponse last = new LastResponse();

    @Test
    void capabilitiesSayWhatTheDoorTakesInJsonAndXml() {
        for (EncodingEnum encoding : List.of(EncodingEnum.JSON, EncodingEnum.XML)) {
            CapabilityStatement capabilities = client(encoding).capabilities().ofType(CapabilityStatement.class).execute();

            assertThat(capabilities.getUrl()).isEqualTo("https://ketju.fi/fhir/CapabilityStatement/ketju-hub");
            assertThat(capabilities.getRestFirstRep().getOperationFirstRep().getDefinition())
                    .isEqualTo("http://hl7.org/fhir/OperationDefinition/MessageHeader-process-message");
            assertThat(capabilities.getRestFirstRep().getOperationFirstRep().getDocumentation()).contains("Synchronous", "async=true");
            assertThat(capabilities.getMessagingFirstRep().getSupportedMessage()).hasSize(2);
            assertThat(capabilities.getDescription()).contains("200 with a response message", "202 Accepted", "fatal-error",
                    "transient-error");
        }
    }

    /** The default form: the response message, ok, naming the request's MessageHeader, with the hub message id. */
    @Test
    void synchronousJsonGetsAResponseMessageWithTheHubMessageId() {
        long before = messageCount();

        Bundle response = client(EncodingEnum.JSON).operation().processMessage().setMessageBundle(referral())
                .synchronous(Bundle.class).execute();

        String id = assertOk(response, REFERRAL_HEADER);
        assertThat(last.status).isEqualTo(200);
        assertThat(last.location).isEqualTo("/api/v1/messages/" + id);
        assertThat(last.contentType).startsWith("application/fhir+json");
        assertThat(messageCount()).isEqualTo(before + 1);
        assertThat(get("/api/v1/messages/" + id, TOKEN).statusCode()).isEqualTo(200);
    }

    @Test
    void synchronousXmlGetsTheResponseMessageInXml() {
        Bundle summary = DEVELOPER.newXmlParser().parseResource(Bundle.class, sample("fhir/samples/assessment-summary.xml"));
        summary.getIdentifier().setValue("urn:uuid:" + UUID.randomUUID());
        String header = summary.getEntryFirstRep().getFullUrl().substring("urn:uuid:".length());

        Bundle response = client(EncodingEnum.XML).operation().processMessage().setMessageBundle(summary)
                .synchronous(Bundle.class).execute();

        assertOk(response, header);
        assertThat(last.contentType).startsWith("application/fhir+xml");
    }

    /** Asynchronous: 202 and an OperationOutcome naming the hub message id, as before. */
    @Test
    void asynchronousGetsAnOperationOutcomeWithTheHubMessageId() {
        OperationOutcome outcome = client(EncodingEnum.JSON).operation().processMessage().setMessageBundle(referral())
                .asynchronous(OperationOutcome.class).execute();

        assertThat(last.status).isEqualTo(202);
        String id = last.location.substring("/api/v1/messages/".length());
        assertThat(outcome.getIssueFirstRep().getSeverity()).isEqualTo(IssueSeverity.INFORMATION);
        assertThat(outcome.getIssueFirstRep().getDiagnostics()).contains("Accepted as hub message " + id);
    }

    /**
     * Generic tooling invokes the operation with Parameters (content = the Bundle). The client wraps the response
     * message in Parameters unless told the return type.
     */
    @Test
    void theParametersFormGetsTheResponseMessageInJsonAndXml() {
        Parameters json = client(EncodingEnum.JSON).operation().onServer().named("$process-message")
                .withParameters(content(referral())).execute();
        assertOk((Bundle) json.getParameterFirstRep().getResource(), REFERRAL_HEADER);

        Bundle xml = client(EncodingEnum.XML).operation().onServer().named("$process-message")
                .withParameters(content(referral())).returnResourceType(Bundle.class).execute();
        assertOk(xml, REFERRAL_HEADER);
        assertThat(last.contentType).startsWith("application/fhir+xml");
    }

    @Test
    void theParametersFormWithAsyncTrueGets202AndAnOperationOutcome() {
        Parameters parameters = content(referral());
        parameters.addParameter().setName("async").setValue(new BooleanType(true));

        OperationOutcome outcome = client(EncodingEnum.JSON).operation().onServer().named("$process-message")
                .withParameters(parameters).returnResourceType(OperationOutcome.class).execute();

        assertThat(last.status).isEqualTo(202);
        assertThat(outcome.getIssueFirstRep().getDiagnostics()).contains("Accepted as hub message");
    }

    /** FHIR reliable messaging: the same message again gets the same response message; nothing is stored twice. */
    @Test
    void aResendGetsTheSameAnswer() {
        Bundle message = referral();
        Bundle first = client(EncodingEnum.JSON).operation().processMessage().setMessageBundle(message)
                .synchronous(Bundle.class).execute();
        long stored = messageCount();

        Bundle again = client(EncodingEnum.JSON).operation().processMessage().setMessageBundle(message)
                .synchronous(Bundle.class).execute();

        assertThat(assertOk(again, REFERRAL_HEADER)).isEqualTo(assertOk(first, REFERRAL_HEADER));
        assertThat(header(again).getIdElement().getIdPart()).isEqualTo(header(first).getIdElement().getIdPart());
        assertThat(outcome(again).getIssueFirstRep().getDiagnostics()).contains("resend");
        assertThat(messageCount()).isEqualTo(stored);
    }

    /**
     * Invalid content, synchronous: the response message says fatal-error and its OperationOutcome names the element
     * and the rule, never the identity code; nothing is stored.
     */
    @Test
    void invalidContentSynchronouslyGetsAFatalErrorNamingTheElementAndRule() {
        long before = messageCount();
        Bundle message = referral();
        ((Patient) message.getEntry().get(2).getResource()).getIdentifierFirstRep().setValue(WRONG_HETU);

        Bundle response = client(EncodingEnum.JSON).operation().processMessage().setMessageBundle(message)
                .synchronous(Bundle.class).execute();

        assertThat(last.status).isEqualTo(200);
        assertThat(last.location).isNull();
        assertThat(header(response).getResponse().getCode()).isEqualTo(ResponseType.FATALERROR);
        assertThat(header(response).getResponse().getIdentifier()).isEqualTo(REFERRAL_HEADER);
        OperationOutcome.OperationOutcomeIssueComponent issue = outcome(response).getIssueFirstRep();
        assertThat(issue.getSeverity()).isEqualTo(IssueSeverity.ERROR);
        assertThat(issue.getDiagnostics()).startsWith("ketju-hetu-invalid: ").contains("expected 'W'").doesNotContain(WRONG_HETU);
        assertThat(issue.getExpression().get(0).getValue()).isEqualTo("Bundle.entry[2].resource.identifier[0].value");
        assertThat(DEVELOPER.newJsonParser().encodeResourceToString(response)).doesNotContain(WRONG_HETU);
        assertThat(messageCount()).as("nothing stored").isEqualTo(before);
    }

    /** The same, asynchronously: the client throws its 422 exception carrying the OperationOutcome. */
    @Test
    void invalidContentAsynchronouslyIsAn422CarryingTheOperationOutcome() {
        long before = messageCount();
        Bundle message = referral();
        ((Patient) message.getEntry().get(2).getResource()).getIdentifierFirstRep().setValue(WRONG_HETU);

        UnprocessableEntityException refused = catchThrowableOfType(UnprocessableEntityException.class, () -> client(EncodingEnum.XML)
                .operation().processMessage().setMessageBundle(message).asynchronous(OperationOutcome.class).execute());

        assertThat(refused.getMessage()).contains("HTTP 422", "ketju-hetu-invalid").doesNotContain(WRONG_HETU);
        assertThat(((OperationOutcome) refused.getOperationOutcome()).getIssueFirstRep().getExpression().get(0).getValue())
                .isEqualTo("Bundle.entry[2].resource.identifier[0].value");
        assertThat(messageCount()).as("nothing stored").isEqualTo(before);
    }

    /** No MessageHeader to answer, or a response-url: an HTTP 400 the client throws, with the outcome. */
    @Test
    void whatIsNoMessageOrAsksForAResponseUrlIsA400CarryingTheOperationOutcome() {
        long before = messageCount();
        Bundle headless = referral();
        headless.getEntry().remove(0);

        InvalidRequestException notAMessage = catchThrowableOfType(InvalidRequestException.class, () -> client(EncodingEnum.JSON)
                .operation().processMessage().setMessageBundle(headless).synchronous(Bundle.class).execute());
        InvalidRequestException responseUrl = catchThrowableOfType(InvalidRequestException.class, () -> client(EncodingEnum.JSON)
                .operation().processMessage().setResponseUrlParam("https://potilastiedot.esimerkki.example/fhir")
                .setMessageBundle(referral()).asynchronous(OperationOutcome.class).execute());

        assertThat(notAMessage.getMessage()).contains("HTTP 400", "ketju-message-bundle");
        assertThat(((OperationOutcome) notAMessage.getOperationOutcome()).getIssueFirstRep().getExpression().get(0).getValue())
                .isEqualTo("Bundle.entry[0].resource");
        assertThat(responseUrl.getMessage()).contains("HTTP 400", "ketju-process-message-parameters", "response-url");
        assertThat(messageCount()).as("nothing stored").isEqualTo(before);
    }

    /** An ok response message: its MessageHeader answers {@code requestHeader}; answers the hub message id it names. */
    private String assertOk(Bundle response, String requestHeader) {
        assertThat(response.getType()).isEqualTo(Bundle.BundleType.MESSAGE);
        MessageHeader header = header(response);
        assertThat(header.getResponse().getIdentifier()).isEqualTo(requestHeader);
        assertThat(header.getResponse().getCode()).isEqualTo(ResponseType.OK);
        assertThat(header.getEventCoding().getSystem()).isEqualTo("https://ketju.fi/fhir/CodeSystem/message-event");
        assertThat(header.getSource().getEndpoint()).isEqualTo(BASE + "/fhir/$process-message");
        Identifier hubMessage = response.getIdentifier();
        assertThat(hubMessage.getSystem()).isEqualTo("https://ketju.fi/fhir/hub-message");
        String id = hubMessage.getValue();
        assertThat(UUID.fromString(id)).isNotNull();
        assertThat(outcome(response).getIssueFirstRep().getDiagnostics()).contains("as hub message " + id);
        assertThat(header.getResponse().getDetails().getReference()).isEqualTo(response.getEntry().get(1).getFullUrl());
        return id;
    }

    private static MessageHeader header(Bundle response) {
        return (MessageHeader) response.getEntryFirstRep().getResource();
    }

    private static OperationOutcome outcome(Bundle response) {
        return (OperationOutcome) response.getEntry().get(1).getResource();
    }

    private static Parameters content(Bundle message) {
        Parameters parameters = new Parameters();
        parameters.addParameter().setName("content").setResource(message);
        return parameters;
    }

    /** The referral sample, with a Bundle.identifier of its own (so tests do not see each other's messages as resends). */
    private static Bundle referral() {
        Bundle referral = DEVELOPER.newJsonParser().parseResource(Bundle.class, sample("fhir/samples/referral.json"));
        referral.getIdentifier().setValue("urn:uuid:" + UUID.randomUUID());
        assertThat(((Patient) referral.getEntry().get(2).getResource()).getIdentifierFirstRep().getValue()).isEqualTo(SAMPLE_PATIENT);
        return referral;
    }

    private IGenericClient client(EncodingEnum encoding) {
        IGenericClient client = DEVELOPER.newRestfulGenericClient(BASE + "/fhir");
        client.setEncoding(encoding);
        client.registerInterceptor(new BearerTokenAuthInterceptor(TOKEN));
        client.registerInterceptor(last);
        return client;
    }

    private long messageCount() {
        return jdbc.sql("select count(*) from message").query(Long.class).single();
    }

    /** What the HTTP response under the client said: status, Location, Content-Type. */
    private static final class LastResponse implements IClientInterceptor {

        int status;
        String location;
        String contentType;

        @Override
        public void interceptRequest(IHttpRequest request) {
            // only the response is of interest
        }

        @Override
        public void interceptResponse(IHttpResponse response) {
            status = response.getStatus();
            location = first(response.getHeaders("Location"));
            contentType = first(response.getHeaders("Content-Type"));
        }

        private static String first(List<String> values) {
            return values == null || values.isEmpty() ? null : values.get(0);
        }
    }
}
