package fi.ketju.mapping;

import static fi.ketju.mapping.MappingTestSupport.CANONICAL_SCHEMA;
import static fi.ketju.mapping.MappingTestSupport.NEW_CHAIN_ID;
import static fi.ketju.mapping.MappingTestSupport.assertMatchesGolden;
import static fi.ketju.mapping.MappingTestSupport.json;
import static fi.ketju.mapping.MappingTestSupport.mappingFile;
import static fi.ketju.mapping.MappingTestSupport.toCanonical;
import static fi.ketju.mapping.MappingTestSupport.with;
import static fi.ketju.mapping.MappingTestSupport.without;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** employment/referral-to-canonical.jslt: the employment services' referral as the hub's canonical message. */
class EmploymentReferralToCanonicalTest {

    private static final String MAPPING = "employment/referral-to-canonical.jslt";
    /** What the employment door checks (translations.yaml inbound.employment.schema). */
    private static final String EMPLOYMENT_SCHEMA = "employment/message.schema.json#/$defs/inbound";
    private static final String GOLDEN = "employment/referral.canonical.json";

    private static final JsonSchemas SCHEMAS = MappingTestSupport.schemas(true);

    private static ObjectNode sample() {
        return mappingFile("employment/samples/referral.json");
    }

    @Test
    void sampleMeetsTheEmploymentSchema() {
        assertThat(SCHEMAS.validate(EMPLOYMENT_SCHEMA, sample())).isEmpty();
    }

    @Test
    void sampleMapsToTheGoldenCanonicalMessage() {
        assertMatchesGolden(toCanonical(MAPPING, sample()), GOLDEN);
    }

    @Test
    void canonicalMessageOfTheSampleMeetsTheCanonicalSchema() {
        assertThat(SCHEMAS.validate(CANONICAL_SCHEMA, toCanonical(MAPPING, sample()))).isEmpty();
    }

    @Test
    void chainNamedByTheSenderIsKeptAndWithoutOneTheHubStartsANewOne() {
        assertThat(toCanonical(MAPPING, with(sample(), "/palveluketju_id", "TYO-KETJU-2026-7")).path("chainId").asText())
                .isEqualTo("TYO-KETJU-2026-7");
        assertThat(toCanonical(MAPPING, sample()).path("chainId").asText()).isEqualTo(NEW_CHAIN_ID);
    }

    /** The door decides the sending partner; what the message says of itself does not. */
    @Test
    void senderIsTheEmploymentServicesWhateverTheMessageSays() {
        JsonNode canonical = toCanonical(MAPPING, with(sample(), "/lahettaja/osapuoli", "KELA"));

        assertThat(canonical.at("/sender/partner").asText()).isEqualTo("employment");
    }

    @ParameterizedTest(name = "{0} {1} -> {2} {3}")
    @CsvSource({
            "/lahete/kiireellisyys,      KIIREELLINEN,           /payload/urgency,          urgent",
            "/lahete/kiireellisyys,      KIIREETON,              /payload/urgency,          routine",
            "/lahete/tyomarkkinatilanne, TYOSSA,                 /payload/employmentStatus, employed",
            "/lahete/tyomarkkinatilanne, TYOTON_TYONHAKIJA,      /payload/employmentStatus, unemployed-jobseeker",
            "/lahete/tyomarkkinatilanne, OPISKELIJA,             /payload/employmentStatus, student",
            "/lahete/tyomarkkinatilanne, YRITTAJA,               /payload/employmentStatus, entrepreneur",
            "/lahete/tyomarkkinatilanne, MUU,                    /payload/employmentStatus, other",
            "/lahete/palvelu,            TYOKYVYN_TUEN_TIIMI,    /payload/service,          work-ability-team",
            "/lahete/palvelu,            IPS_TYOHONVALMENNUS,    /payload/service,          ips-supported-employment",
            "/lahete/palvelu,            AMMATILLINEN_KUNTOUTUS, /payload/service,          vocational-rehabilitation"
    })
    void employmentCodeMapsToItsCanonicalValue(String field, String code, String canonicalField, String canonicalCode) {
        JsonNode canonical = toCanonical(MAPPING, with(sample(), field, code));

        assertThat(canonical.at(canonicalField).asText()).isEqualTo(canonicalCode);
        assertThat(SCHEMAS.validate(CANONICAL_SCHEMA, canonical)).isEmpty();
    }

    @Test
    void consentNamesItsRecipientsAsCanonicalPartners() {
        JsonNode consent = json("""
                { "peruste": "SUOSTUMUS", "suostumus_pvm": "2026-11-20",
                  "suostumus_vastaanottajat": ["SOSIAALIHUOLTO", "TERVEYDENHUOLTO", "TYOLLISYYSPALVELUT", "KELA"] }""");

        JsonNode canonical = toCanonical(MAPPING, with(sample(), "/lahete/oikeusperuste", consent));

        assertThat(canonical.at("/payload/legalBasis/consentScope")).isEqualTo(json("""
                ["social-care", "health-care", "employment", "kela"]"""));
    }

    @Test
    void statutoryLegalBasisCarriesItsStatuteAndNoConsent() {
        JsonNode statutory = json("""
                { "peruste": "LAKISAATEINEN", "saados": "Laki julkisten työvoima- ja yrityspalvelujen järjestämisestä 380/2023" }""");

        JsonNode canonical = toCanonical(MAPPING, with(sample(), "/lahete/oikeusperuste", statutory));

        assertThat(canonical.at("/payload/legalBasis")).isEqualTo(json("""
                { "kind": "statutory", "statute": "Laki julkisten työvoima- ja yrityspalvelujen järjestämisestä 380/2023" }"""));
        assertThat(SCHEMAS.validate(CANONICAL_SCHEMA, canonical)).isEmpty();
    }

    @Test
    void clientWithATemporaryIdKeepsItAndHasNoHetu() {
        JsonNode temporaryId = json("""
                { "jarjestelma": "urn:oid:1.2.246.10.76543212.22.2026", "arvo": "TYO-TILAP-0042" }""");
        ObjectNode message = with(without(sample(), "/asiakas/henkilotunnus"), "/asiakas/tilapainen_tunniste", temporaryId);
        assertThat(SCHEMAS.validate(EMPLOYMENT_SCHEMA, message)).as("the door accepts this message").isEmpty();

        JsonNode canonical = toCanonical(MAPPING, message);

        assertThat(canonical.at("/subject/temporaryId")).isEqualTo(json("""
                { "system": "urn:oid:1.2.246.10.76543212.22.2026", "value": "TYO-TILAP-0042" }"""));
        assertThat(canonical.at("/subject/hetu").isMissingNode()).isTrue();
        assertThat(SCHEMAS.validate(CANONICAL_SCHEMA, canonical)).isEmpty();
    }
}
