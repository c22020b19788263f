package fi.ketju.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.hl7.fhir.r4.model.OperationOutcome;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import fi.ketju.audit.AuditTrail;
import fi.ketju.intake.IntakeSettings;
import fi.ketju.mapping.MappingSettings;
import fi.ketju.security.KetjuPrincipal;

/**
 * The hub is ready before its FHIR validator is warm: until then the FHIR door answers 503 with Retry-After and an
 * OperationOutcome (transient) and reads and stores nothing, and health's fhirDoor component says it is warming;
 * once warm, the door takes messages. The validator's state is the warm-up bean's, set here, not a race with time.
 */
class FhirDoorWarmingUpTest {

    private static final KetjuPrincipal HEALTH_CARE = new KetjuPrincipal("health-care", KetjuPrincipal.Role.PARTNER,
            FhirMessageIntake.FAMILY);
    private static FhirContext fhirContext;
    private static byte[] sample;

    private final CompletableFuture<Void> warmedUp = new CompletableFuture<>();
    private final ValidatorWarmUp warmUp = new ValidatorWarmUp(warmedUp);
    private final FhirMessageIntake intake = mock(FhirMessageIntake.class);
    private final AuditTrail auditTrail = mock(AuditTrail.class);
    private final FhirDoorHealth health = new FhirDoorHealth(warmUp);

    @BeforeAll
    static void readSample() throws Exception {
        fhirContext = FhirTestSupport.fhirContext();
        sample = Files.readAllBytes(Path.of("mappings/fhir/samples/assessment-summary.json"));
    }

    @Test
    void whileWarmingTheDoorAnswers503WithRetryAfterAndReadsNothing() throws Exception {
        ResponseEntity<String> answer = door().processMessage(HEALTH_CARE, post(true));

        assertThat(answer.getStatusCode().value()).isEqualTo(503);
        assertThat(answer.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("7");
        OperationOutcome outcome = fhirContext.newJsonParser().parseResource(OperationOutcome.class, answer.getBody());
        assertThat(outcome.getIssue()).singleElement().satisfies(issue -> {
            assertThat(issue.getSeverity()).isEqualTo(OperationOutcome.IssueSeverity.ERROR);
            assertThat(issue.getCode()).isEqualTo(OperationOutcome.IssueType.TRANSIENT);
            assertThat(issue.getDiagnostics()).contains("ketju-temporarily-unavailable", "not ready yet", "again after 7 s");
        });
        verifyNoInteractions(intake, auditTrail);
        assertThat(health.health()).satisfies(warming -> {
            assertThat(warming.getStatus()).as("the rest of the hub serves").isEqualTo(Status.UP);
            assertThat(warming.getDetails()).containsEntry("state", "warming");
        });
    }

    @Test
    void aSynchronousPostWhileWarmingGetsThe503Too() throws Exception {
        ResponseEntity<String> answer = door().processMessage(HEALTH_CARE, post(false));

        assertThat(answer.getStatusCode().value()).isEqualTo(503);
        assertThat(answer.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("7");
        assertThat(fhirContext.newJsonParser().parseResource(answer.getBody())).isInstanceOf(OperationOutcome.class);
        verifyNoInteractions(intake, auditTrail);
    }

    @Test
    void onceWarmTheDoorReadsTheMessage() throws Exception {
        warmedUp.complete(null);
        when(intake.read(any(), any())).thenThrow(RefusedMessageException.of(HttpStatus.BAD_REQUEST, OperationOutcome.IssueType.STRUCTURE,
                null, "ketju-strict-parse", "read by the intake"));

        ResponseEntity<String> answer = door().processMessage(HEALTH_CARE, post(true));

        verify(intake).read(any(), any());
        assertThat(answer.getStatusCode().value()).isEqualTo(400);
        assertThat(answer.getBody()).contains("read by the intake");
        assertThat(health.health().getDetails()).containsEntry("state", "ready");
    }

    @Test
    void aFailedWarmUpKeepsTheDoorClosedAndHealthDown() throws Exception {
        warmedUp.completeExceptionally(new IllegalStateException("FHIR validator rejects its warm-up sample"));

        assertThat(door().processMessage(HEALTH_CARE, post(true)).getStatusCode().value()).isEqualTo(503);
        verifyNoInteractions(intake);
        Health failed = health.health();
        assertThat(failed.getStatus()).isEqualTo(Status.DOWN);
        assertThat(failed.getDetails()).containsEntry("state", "failed");
    }

    private FhirMessageDoor door() {
        IntakeSettings settings = new IntakeSettings(1_000_000, 64, 100_000, 100, Duration.ofSeconds(7));
        return new FhirMessageDoor(intake, new FhirMessageParser(fhirContext, new ObjectMapper()), settings, fhirContext,
                new MappingSettings(Path.of("mappings")), auditTrail, warmUp);
    }

    private static MockHttpServletRequest post(boolean async) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/fhir/$process-message");
        request.setContentType("application/fhir+json");
        request.setCharacterEncoding(StandardCharsets.UTF_8.name());
        request.setContent(sample);
        if (async) {
            request.setParameter("async", "true");
        }
        return request;
    }
}
