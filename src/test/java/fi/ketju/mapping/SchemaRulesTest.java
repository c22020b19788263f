package fi.ketju.mapping;

import static fi.ketju.mapping.MappingTestSupport.SOCIAL_CARE_SCHEMA;
import static fi.ketju.mapping.MappingTestSupport.sampleReferral;
import static fi.ketju.mapping.MappingTestSupport.with;
import static fi.ketju.mapping.MappingTestSupport.without;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The rules of social-care/message.schema.json as the social-care system meets them at the door: each broken rule
 * is reported once, naming the field (JSON Pointer) and the rule, so the sender knows what to fix.
 */
class SchemaRulesTest {

    private static final JsonSchemas SCHEMAS = MappingTestSupport.schemas(true);

    @Test
    void sampleReferralBreaksNoRule() {
        assertThat(SCHEMAS.validate(SOCIAL_CARE_SCHEMA, sampleReferral())).isEmpty();
    }

    static Stream<Arguments> brokenRules() {
        return Stream.of(
                // The HL7 Finland example: its check character should be W (domain.md, Identifiers).
                broken("HETU with a wrong check character", m -> with(m, "/client/hetu", "010190-999Y"),
                        "/client/hetu", "format", "expected 'W'"),
                // 29 February 1981 does not exist; the check character is right for the digits.
                broken("HETU with a date that does not exist", m -> with(m, "/client/hetu", "290281-9008"),
                        "/client/hetu", "format", "does not exist"),
                broken("business ID with a wrong check digit", m -> with(m, "/sender/business_id", "1234567-2"),
                        "/sender/business_id", "format", "expected '1'"),
                broken("referral without a reason", m -> without(m, "/referral/reason"),
                        "/referral/reason", "required", "reason"),
                broken("unknown property", m -> with(m, "/client/nickname", "Tepi"),
                        "/client/nickname", "additionalProperties", "nickname"),
                broken("urgency outside the code list", m -> with(m, "/referral/urgency", "urgent"),
                        "/referral/urgency", "enum", "kiireellinen"),
                broken("consent without its date", m -> without(m, "/referral/legal_basis/consent_date"),
                        "/referral/legal_basis/consent_date", "required", "consent_date"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenRules")
    void brokenRuleIsReportedOnceWithFieldAndRule(UnaryOperator<ObjectNode> change, String field, String rule,
            String detail) {
        List<SchemaViolation> violations = SCHEMAS.validate(SOCIAL_CARE_SCHEMA, change.apply(sampleReferral()));

        assertThat(violations).singleElement().satisfies(violation -> {
            assertThat(violation.field()).isEqualTo(field);
            assertThat(violation.rule()).isEqualTo(rule);
            assertThat(violation.detail()).contains(detail);
        });
    }

    @Test
    void installationThatRefusesTestCodesRefusesTheSamplesTestHetu() {
        // The sample's 010181-900C has individual number 900: a temporary or test code (domain.md, Identifiers).
        List<SchemaViolation> violations = MappingTestSupport.schemas(false).validate(SOCIAL_CARE_SCHEMA, sampleReferral());

        assertThat(violations).singleElement().satisfies(violation -> {
            assertThat(violation.field()).isEqualTo("/client/hetu");
            assertThat(violation.rule()).isEqualTo("format");
            assertThat(violation.detail()).contains("temporary or test code");
        });
    }

    private static Arguments broken(String description, UnaryOperator<ObjectNode> change, String field, String rule,
            String detail) {
        return arguments(named(description, change), field, rule, detail);
    }
}
