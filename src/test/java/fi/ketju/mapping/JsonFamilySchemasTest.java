package fi.ketju.mapping;

import static fi.ketju.mapping.MappingTestSupport.golden;
import static fi.ketju.mapping.MappingTestSupport.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The JSON families' schemas: the message_type decides the one payload object a message carries. */
class JsonFamilySchemasTest {

    private static final JsonSchemas SCHEMAS = MappingTestSupport.schemas(true);

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "social-care, /referral, /benefit_status",
            "employment,  /lahete,   /etuustilanne"
    })
    void payloadOfAnotherTypeIsRefusedNamingBoth(String family, String referralPayload, String benefitStatusPayload) {
        var referralCalledBenefitStatus = with(golden(family + "/outbound/referral.json"), "/message_type", "benefit-status");

        assertThat(SCHEMAS.validate(family + "/message.schema.json", referralCalledBenefitStatus))
                .extracting(SchemaViolation::field, SchemaViolation::rule)
                .containsExactlyInAnyOrder(tuple(benefitStatusPayload, "required"), tuple(referralPayload, "false"));
    }
}
