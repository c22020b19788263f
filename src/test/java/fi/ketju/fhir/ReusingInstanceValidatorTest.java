package fi.ketju.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r5.utils.validation.constants.BestPracticeWarningLevel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.SingleValidationMessage;

/**
 * The hub's instance validator, which reuses HAPI's core validator, finds exactly what HAPI's own
 * FhirInstanceValidator finds with the same settings over the same validation support chain: for good and bad
 * messages, after its core validators have been retired and replaced, and from several threads at once.
 */
class ReusingInstanceValidatorTest {

    private static FhirContext fhirContext;
    private static FhirValidator hapi;
    private static FhirValidator reusing;

    @BeforeAll
    static void createValidators() {
        fhirContext = FhirTestSupport.fhirContext();
        ValidationSupportChain chain = FhirConfiguration.newValidationSupportChain(fhirContext, Path.of("mappings"));
        reusing = FhirConfiguration.newFhirValidator(fhirContext, chain);
        FhirInstanceValidator hapiModule = new FhirInstanceValidator(chain);
        hapiModule.setAnyExtensionsAllowed(true);
        hapiModule.setBestPracticeWarningLevel(BestPracticeWarningLevel.Ignore);
        hapi = fhirContext.newValidator().registerValidatorModule(hapiModule).registerValidatorModule(new KetjuFhirRules());
    }

    /** Messages each of which finds something different: nothing, a rule of R4, a code of Ketju's, a profile. */
    private static List<Bundle> messages() {
        Bundle missingIntent = ReferralMessageFixture.referralMessage("010181-900C");
        ReferralMessageFixture.serviceRequestOf(missingIntent).setIntent(null);
        Bundle unknownEvent = ReferralMessageFixture.referralMessage("010181-900C");
        ((MessageHeader) unknownEvent.getEntry().get(0).getResource())
                .setEvent(new Coding("https://ketju.fi/fhir/CodeSystem/message-event", "discharge", null));
        Bundle unknownProfile = ReferralMessageFixture.referralMessage("010181-900C");
        unknownProfile.getMeta().addProfile("https://ketju.fi/fhir/StructureDefinition/no-such-profile");
        Bundle badId = ReferralMessageFixture.referralMessage("010181-900C");
        badId.getEntry().get(2).getResource().setId("not an id!");
        return List.of(
                FhirTestSupport.readMessage(fhirContext, Path.of("mappings/fhir/samples/assessment-summary.json")),
                FhirTestSupport.readMessage(fhirContext, Path.of("mappings/fhir/samples/referral.xml")),
                ReferralMessageFixture.referralMessage("010190-999Y"), missingIntent, unknownEvent, unknownProfile, badId);
    }

    @Test
    void findsWhatHapisOwnValidatorFindsMessageAfterMessage() {
        List<Bundle> messages = messages();
        // Past the uses of one core validator, so that retired ones have been replaced on the way.
        for (int round = 0; round < 2 * ReusingInstanceValidator.USES / messages.size() + 1; round++) {
            for (Bundle message : messages) {
                assertThat(findings(reusing, message)).isEqualTo(findings(hapi, message));
            }
        }
        assertThat(findings(hapi, messages.get(0))).as("the sample is valid").noneMatch(finding -> finding.startsWith("ERROR"));
        messages.subList(2, messages.size()).forEach(message -> assertThat(findings(hapi, message))
                .as("each bad message is refused").anyMatch(finding -> finding.startsWith("ERROR")));
    }

    @Test
    void findsTheSameFromSeveralThreadsAtOnce() {
        List<Bundle> messages = messages();
        List<List<String>> expected = messages.stream().map(message -> findings(hapi, message)).toList();
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<CompletableFuture<Boolean>> same = IntStream.range(0, 4 * messages.size())
                    .mapToObj(i -> CompletableFuture.supplyAsync(
                            () -> findings(reusing, messages.get(i % messages.size())).equals(expected.get(i % messages.size())), threads))
                    .toList();
            same.forEach(result -> assertThat(result.orTimeout(5, TimeUnit.MINUTES).join()).isTrue());
        } finally {
            threads.shutdownNow();
        }
    }

    private static List<String> findings(FhirValidator validator, Bundle message) {
        return validator.validateWithResult(message).getMessages().stream().map(ReusingInstanceValidatorTest::finding).toList();
    }

    private static String finding(SingleValidationMessage message) {
        return message.getSeverity() + " " + message.getLocationString() + " " + message.getMessageId() + " " + message.getMessage();
    }
}
