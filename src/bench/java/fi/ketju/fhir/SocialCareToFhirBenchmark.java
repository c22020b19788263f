package fi.ketju.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.validation.FhirValidator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import fi.ketju.delivery.PartnerDirectory;
import fi.ketju.disclosure.DisclosureTestSupport;
import fi.ketju.mapping.MappingsInForce;
import fi.ketju.mapping.MappingSettings;
import fi.ketju.mapping.MappingTestSupport;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Mapping micro-benchmark (mvn -Pbench verify): the social-care referral as the door reads it, to the canonical
 * message (JSLT), to the FHIR message Bundle health care gets, checked as every outbound message is (a proven
 * mapping: strict parse and Ketju's rules). One thread: the score is messages per second per core.
 */
@State(Scope.Thread)
public class SocialCareToFhirBenchmark {

    private static final Path MAPPINGS = Path.of("mappings");
    private static final PartnerDirectory.Partner HEALTH_CARE = new PartnerDirectory.Partner(
            URI.create("http://localhost/fhir"), PartnerDirectory.Format.FHIR, PartnerDirectory.FhirMode.MESSAGE, List.of());

    private final ObjectMapper json = new ObjectMapper();
    private MappingsInForce mappings;
    private FhirRecipientFormat fhir;
    private JsonNode socialCareReferral;

    @Setup
    public void load() throws Exception {
        mappings = MappingTestSupport.mappingsInForce(MAPPINGS);
        FhirContext fhirContext = FhirTestSupport.fhirContext();
        FhirValidator validator = FhirTestSupport.fhirValidator(fhirContext, MAPPINGS);
        fhir = new FhirRecipientFormat(json, mappings, MappingTestSupport.translations(MAPPINGS), fhirContext,
                new FhirResourceValidator(validator, fhirContext), DisclosureTestSupport.policy(MAPPINGS),
                new MappingSettings(MAPPINGS), new FhirSettings(FhirSettings.OutboundValidation.PROVEN_MAPPINGS),
                new ValidatorWarmUp(validator));
        fhir.proof().join(); // measured as the hub runs once its mappings are proven
        socialCareReferral = json.readTree(MAPPINGS.resolve("social-care/samples/referral.json").toFile());
    }

    @Benchmark
    public String socialCareToCanonicalToFhir() {
        JsonNode canonical = mappings.current().jslt("social-care/referral-to-canonical.jslt", socialCareReferral, Map.of(
                "messageId", TextNode.valueOf(UUID.randomUUID().toString()),
                "receivedAt", TextNode.valueOf("2026-12-02T10:00:00Z"),
                "newChainId", TextNode.valueOf(UUID.randomUUID().toString())));
        return fhir.translate(mappings.current(), canonical, "fhir/referral-to-message-bundle.jslt", HEALTH_CARE, "health-care").body();
    }
}
