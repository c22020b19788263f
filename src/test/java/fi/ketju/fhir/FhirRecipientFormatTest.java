package fi.ketju.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.validation.FhirValidator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fi.ketju.delivery.PartnerDirectory;
import fi.ketju.delivery.RecipientUnavailableException;
import fi.ketju.delivery.UndeliverableException;
import fi.ketju.disclosure.DisclosureTestSupport;
import fi.ketju.mapping.MappingSettings;
import fi.ketju.mapping.MappingTestSupport;
import fi.ketju.mapping.MappingsInForce;
import fi.ketju.message.DeliveryFailure;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * A FHIR mapping is proven when it is loaded (its output for every canonical sample passes HAPI's whole
 * validation); then each message it makes is checked only for what varies. One that fails its proof has every
 * message validated whole. A FHIR recipient's answer is judged by its status and OperationOutcome.
 */
@ExtendWith(OutputCaptureExtension.class)
class FhirRecipientFormatTest {

    private static final Path MAPPINGS = Path.of("mappings");
    private static final String REFERRAL_MAPPING = "fhir/referral-to-message-bundle.jslt";
    private static final PartnerDirectory.Partner HEALTH_CARE = new PartnerDirectory.Partner(
            URI.create("http://localhost/fhir"), PartnerDirectory.Format.FHIR, PartnerDirectory.FhirMode.MESSAGE, List.of());

    private final ObjectMapper json = new ObjectMapper();
    private final FhirContext fhirContext = FhirTestSupport.fhirContext();
    private MappingsInForce mappings;

    @Test
    void everyShippedMappingIsProvenAndAMessageWithAnInvalidIdentityCodeIsStillRefused(CapturedOutput output) throws IOException {
        FhirRecipientFormat format = format(MAPPINGS);

        assertThat(output).contains("FHIR mappings proven against 5 canonical samples")
                .contains("fhir/referral-to-message-bundle.jslt|MESSAGE", "fhir/referral-to-message-bundle.jslt|TRANSACTION",
                        "fhir/assessment-summary-to-message-bundle.jslt|MESSAGE", "fhir/benefit-status-to-message-bundle.jslt|MESSAGE")
                .doesNotContain("not proven");
        assertThat(format.translate(mappings.current(), referral(), REFERRAL_MAPPING, HEALTH_CARE, "health-care").body()).contains("\"message\"");

        ObjectNode wrongCheckCharacter = referral();
        ((ObjectNode) wrongCheckCharacter.path("subject")).put("hetu", "010181-900D");
        assertThatThrownBy(() -> format.translate(mappings.current(), wrongCheckCharacter, REFERRAL_MAPPING, HEALTH_CARE, "health-care"))
                .isInstanceOfSatisfying(UndeliverableException.class, refused -> {
                    assertThat(refused.failure().codes()).anySatisfy(code -> assertThat(code).endsWith("ketju-hetu-invalid"));
                    assertThat(refused.detail()).contains("not a valid personal identity code");
                });
    }

    @Test
    void aMappingThatFailsItsProofHasEveryMessageValidatedWhole(@TempDir Path copy, CapturedOutput output) throws IOException {
        copyTree(MAPPINGS, copy);
        Path mapping = copy.resolve(REFERRAL_MAPPING);
        // ServiceRequest.intent is required (1..1): without it the Bundle still parses, but is not valid FHIR.
        Files.writeString(mapping, Files.readString(mapping).replace("\"intent\": \"order\",", ""));

        FhirRecipientFormat format = format(copy);

        assertThat(output).contains("FHIR mapping fhir/referral-to-message-bundle.jslt|MESSAGE is not proven");
        assertThatThrownBy(() -> format.translate(mappings.current(), referral(), REFERRAL_MAPPING, HEALTH_CARE, "health-care"))
                .isInstanceOfSatisfying(UndeliverableException.class, invalid -> {
                    assertThat(invalid).hasMessageStartingWith("validation failure [" + REFERRAL_MAPPING);
                    assertThat(invalid.detail()).contains("produced invalid FHIR").contains("intent");
                });
    }

    @Test
    void aMappingDeployedOverAProvenOneIsValidatedWholeUntilItIsProvenItself(CapturedOutput output) throws IOException {
        FhirRecipientFormat format = format(MAPPINGS);
        String mapping = Files.readString(MAPPINGS.resolve(REFERRAL_MAPPING));
        assertThat(mapping).contains("\"intent\": \"order\",");

        // Deployed (put in force) without its proof: the proof of the set before it must not be taken for it.
        mappings.install(mappings.current().with(Map.of(REFERRAL_MAPPING, mapping.replace("\"intent\": \"order\",", ""))));
        assertThatThrownBy(() -> format.translate(mappings.current(), referral(), REFERRAL_MAPPING, HEALTH_CARE, "health-care"))
                .isInstanceOfSatisfying(UndeliverableException.class, invalid -> {
                    assertThat(invalid).hasMessageStartingWith("validation failure [" + REFERRAL_MAPPING);
                    assertThat(invalid.detail()).contains("produced invalid FHIR").contains("intent");
                });

        format.proof().join();
        assertThat(output).contains("FHIR mapping fhir/referral-to-message-bundle.jslt|MESSAGE is not proven");
        assertThat(format.translate(mappings.repository(), referral(), REFERRAL_MAPPING, HEALTH_CARE, "health-care").body())
                .as("an earlier set still translates with its own version").contains("\"intent\":\"order\"");
    }

    /**
     * HAPI's JPA server answers 409 to the later of two transactions that conditionally create one resource at once:
     * tried again, it finds what the other created, so a transaction is tried again. To a message 409 refuses, as
     * does any other 4xx to a transaction.
     */
    @Test
    void aConflictWithATransactionIsTriedAgainAndOtherwiseRefused() {
        FhirRecipientFormat format = format(MAPPINGS);
        PartnerDirectory.Partner fhirServer = new PartnerDirectory.Partner(URI.create("http://localhost/fhir"),
                PartnerDirectory.Format.FHIR, PartnerDirectory.FhirMode.TRANSACTION, List.of());
        String conflict = """
                {"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"processing",
                 "diagnostics":"HAPI-0550: HAPI-2745: ... The operation has failed with a conditional constraint failure."}]}""";
        String invalid = """
                {"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"invalid"}]}""";

        assertThatThrownBy(() -> format.checkAnswer(fhirServer, 409, conflict))
                .isInstanceOfSatisfying(RecipientUnavailableException.class, later -> assertThat(later.failure())
                        .isEqualTo(DeliveryFailure.of(DeliveryFailure.Kind.UNAVAILABLE, 409, List.of("processing"))));
        assertThatThrownBy(() -> format.checkAnswer(HEALTH_CARE, 409, conflict))
                .isInstanceOfSatisfying(UndeliverableException.class, refused -> assertThat(refused.failure())
                        .isEqualTo(DeliveryFailure.of(DeliveryFailure.Kind.REFUSED, 409, List.of("processing"))));
        assertThatThrownBy(() -> format.checkAnswer(fhirServer, 422, invalid))
                .isInstanceOfSatisfying(UndeliverableException.class, refused -> assertThat(refused.failure())
                        .isEqualTo(DeliveryFailure.of(DeliveryFailure.Kind.REFUSED, 422, List.of("invalid"))));
    }

    /** The format once its proof has run. */
    private FhirRecipientFormat format(Path mappingsDir) {
        FhirValidator validator = FhirTestSupport.fhirValidator(fhirContext, mappingsDir);
        mappings = MappingTestSupport.mappingsInForce(mappingsDir);
        FhirRecipientFormat format = new FhirRecipientFormat(json, mappings,
                MappingTestSupport.translations(mappingsDir), fhirContext, new FhirResourceValidator(validator, fhirContext),
                DisclosureTestSupport.policy(mappingsDir), new MappingSettings(mappingsDir),
                new FhirSettings(FhirSettings.OutboundValidation.PROVEN_MAPPINGS), new ValidatorWarmUp(validator));
        format.proof().join();
        return format;
    }

    private ObjectNode referral() throws IOException {
        return (ObjectNode) json.readTree(MAPPINGS.resolve("canonical/samples/referral.json").toFile());
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target);
                }
            }
        }
    }
}
