package fi.ketju.mapping;

import static fi.ketju.mapping.MappingTestSupport.CANONICAL_SCHEMA;
import static fi.ketju.mapping.MappingTestSupport.NEW_CHAIN_ID;
import static fi.ketju.mapping.MappingTestSupport.CANONICAL_GOLDEN;
import static fi.ketju.mapping.MappingTestSupport.assertMatchesGolden;
import static fi.ketju.mapping.MappingTestSupport.json;
import static fi.ketju.mapping.MappingTestSupport.sampleReferral;
import static fi.ketju.mapping.MappingTestSupport.socialCareToCanonical;
import static fi.ketju.mapping.MappingTestSupport.with;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** social-care/referral-to-canonical.jslt: the social-care system's referral as the hub's canonical message. */
class SocialCareReferralToCanonicalTest {

    private static final JsonSchemas SCHEMAS = MappingTestSupport.schemas(true);

    @Test
    void sampleReferralMapsToTheGoldenCanonicalMessage() {
        assertMatchesGolden(socialCareToCanonical(sampleReferral()), CANONICAL_GOLDEN);
    }

    @Test
    void canonicalMessageOfTheSampleMeetsTheCanonicalSchema() {
        assertThat(SCHEMAS.validate(CANONICAL_SCHEMA, socialCareToCanonical(sampleReferral()))).isEmpty();
    }

    @Test
    void chainNamedByTheSenderIsKept() {
        JsonNode canonical = socialCareToCanonical(with(sampleReferral(), "/chain_id", "SOS-CHAIN-2026-42"));

        assertThat(canonical.path("chainId").asText()).isEqualTo("SOS-CHAIN-2026-42");
    }

    @Test
    void withoutAChainFromTheSenderTheHubStartsANewOne() {
        assertThat(socialCareToCanonical(sampleReferral()).path("chainId").asText()).isEqualTo(NEW_CHAIN_ID);
    }

    @ParameterizedTest(name = "{0} {1} -> {2} {3}")
    @CsvSource({
            "/referral/urgency,           kiireellinen,           /payload/urgency,          urgent",
            "/referral/urgency,           kiireeton,              /payload/urgency,          routine",
            "/referral/employment_status, tyossa,                 /payload/employmentStatus, employed",
            "/referral/employment_status, tyoton-tyonhakija,      /payload/employmentStatus, unemployed-jobseeker",
            "/referral/employment_status, opiskelija,             /payload/employmentStatus, student",
            "/referral/employment_status, yrittaja,               /payload/employmentStatus, entrepreneur",
            "/referral/employment_status, muu,                    /payload/employmentStatus, other",
            "/referral/service,           tyokyvyn-tuen-tiimi,    /payload/service,          work-ability-team",
            "/referral/service,           ips-tyohonvalmennus,    /payload/service,          ips-supported-employment",
            "/referral/service,           ammatillinen-kuntoutus, /payload/service,          vocational-rehabilitation"
    })
    void finnishCodeMapsToItsCanonicalValue(String field, String finnishCode, String canonicalField, String canonicalCode) {
        JsonNode canonical = socialCareToCanonical(with(sampleReferral(), field, finnishCode));

        assertThat(canonical.at(canonicalField).asText()).isEqualTo(canonicalCode);
        assertThat(SCHEMAS.validate(CANONICAL_SCHEMA, canonical)).isEmpty();
    }

    @Test
    void statutoryLegalBasisCarriesItsStatuteAndNoConsent() {
        JsonNode legalBasis = json("""
                { "type": "lakiperuste", "statute": "Client Data Act 703/2023" }""");

        JsonNode canonical = socialCareToCanonical(with(sampleReferral(), "/referral/legal_basis", legalBasis));

        assertThat(canonical.at("/payload/legalBasis")).isEqualTo(json("""
                { "kind": "statutory", "statute": "Client Data Act 703/2023" }"""));
        assertThat(SCHEMAS.validate(CANONICAL_SCHEMA, canonical)).isEmpty();
    }
}
