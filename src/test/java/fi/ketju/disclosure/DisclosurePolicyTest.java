package fi.ketju.disclosure;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fi.ketju.mapping.MappingSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** mappings/disclosure-policy.yaml applied to the canonical samples: each rule of domain.md's starting matrix. */
class DisclosurePolicyTest {

    private final ObjectMapper json = new ObjectMapper();
    private final DisclosurePolicy policy = new DisclosurePolicy(new MappingSettings(Path.of("mappings")));

    @Test
    void employmentGetsNoDiagnosesOrClinicalTextWithoutConsent() throws IOException {
        ObjectNode summary = sample("assessment-summary");
        statutory(summary);

        Disclosure disclosure = policy.apply(summary, "employment");

        JsonNode payload = disclosure.message().path("payload");
        assertThat(payload.has("diagnoses")).isFalse();
        assertThat(payload.has("clinicalNotes")).isFalse();
        assertThat(payload.has("instruments")).isFalse();
        assertThat(payload.has("functioning")).isTrue();
        assertThat(payload.has("workAbility")).isTrue();
        assertThat(payload.has("recommendations")).isTrue();
        assertThat(disclosure.withheld()).contains("diagnoses", "clinical-text");
        assertThat(disclosure.categories()).contains("functioning", "work-ability").doesNotContain("diagnoses");
        assertThat(disclosure.legalBasis()).contains("380/2023");
        assertThat(summary.path("payload").has("diagnoses")).as("the original is not changed").isTrue();
    }

    @Test
    void consentCoveringEmploymentUnlocksDiagnosesAndIsTheRecordedBasis() throws IOException {
        Disclosure disclosure = policy.apply(sample("assessment-summary"), "employment"); // sample consent covers employment

        assertThat(disclosure.message().path("payload").has("diagnoses")).isTrue();
        assertThat(disclosure.categories()).contains("diagnoses", "clinical-text");
        assertThat(disclosure.legalBasis()).isEqualTo("consent given 2026-11-30 covering employment");
    }

    @Test
    void kelaNeverGetsClinicalNotesEvenWithConsent() throws IOException {
        Disclosure disclosure = policy.apply(sample("assessment-summary"), "kela"); // sample consent covers kela

        assertThat(disclosure.message().path("payload").has("clinicalNotes")).isFalse();
        assertThat(disclosure.withheld()).contains("clinical-text");
        assertThat(disclosure.message().path("payload").has("workAbility")).isTrue();
    }

    @Test
    void underTurvakieltoContactDataLeavesTheHubForNobody() throws IOException {
        ObjectNode referral = sample("referral");
        ((ObjectNode) referral.path("subject")).put("nonDisclosure", true);

        for (String family : List.of("health-care", "social-care", "employment", "kela")) {
            Disclosure disclosure = policy.apply(referral, family);
            assertThat(disclosure.message().path("subject").has("contact")).as(family).isFalse();
            assertThat(disclosure.message().toString()).as(family)
                    .doesNotContain("Esimerkkikatu").doesNotContain("+358 40 000 0002");
        }
    }

    @Test
    void employmentGetsBenefitTypeAndPeriodButNotDaysOrAmounts() throws IOException {
        Disclosure disclosure = policy.apply(sample("benefit-status"), "employment");

        JsonNode payload = disclosure.message().path("payload");
        assertThat(payload.path("benefitType").asText()).isEqualTo("sickness-allowance");
        assertThat(payload.has("period")).isTrue();
        assertThat(payload.has("sicknessAllowance")).isFalse();
        assertThat(payload.has("amountEur")).isFalse();
    }

    @Test
    void nobodyGetsEuroAmountsByDefault() throws IOException {
        for (String family : List.of("health-care", "social-care", "employment", "kela")) {
            assertThat(policy.apply(sample("benefit-status"), family).message().path("payload").has("amountEur")).as(family).isFalse();
        }
    }

    /**
     * Every payload field of every sample is either in a policy category or in the short list of what is
     * always disclosed: a new canonical field cannot slip out to every recipient without a policy decision.
     */
    @Test
    void everyPayloadFieldHasADisclosureDecision() throws IOException {
        Set<String> alwaysDisclosed = Set.of("$.payload.service", "$.payload.urgency", "$.payload.goal",
                "$.payload.employmentStatus", "$.payload.legalBasis", "$.payload.referralMessageId", "$.payload.period",
                "$.payload.benefitType", "$.payload.source", "$.payload.retrievedAt");
        for (String type : List.of("referral", "assessment-summary", "benefit-status")) {
            List<String> decided = new ArrayList<>(alwaysDisclosed);
            policy.categories(type).values().forEach(decided::addAll);
            for (Iterator<String> fields = sample(type).path("payload").fieldNames(); fields.hasNext(); ) {
                String path = "$.payload." + fields.next();
                assertThat(decided).as(type + " " + path).contains(path);
            }
        }
    }

    private ObjectNode sample(String type) throws IOException {
        return (ObjectNode) json.readTree(Path.of("mappings", "canonical", "samples", type + ".json").toFile());
    }

    private void statutory(ObjectNode message) {
        ObjectNode basis = ((ObjectNode) message.path("payload")).putObject("legalBasis");
        basis.put("kind", "statutory");
        basis.put("statute", "Act 380/2023 on organising employment services, section 41");
    }
}
