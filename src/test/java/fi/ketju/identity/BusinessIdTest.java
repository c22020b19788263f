package fi.ketju.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Expected check digits are hard-coded, computed by hand: e.g. 0204819 gives
 * 0·7 + 2·9 + 0·10 + 4·5 + 8·8 + 1·4 + 9·2 = 124, 124 mod 11 = 3, check digit 11 − 3 = 8.
 */
class BusinessIdTest {

    @ParameterizedTest
    @CsvSource({
            "0204819-8, 1.2.246.10.2048198",
            "0246246-0, 1.2.246.10.2462460",
            "1572860-0, 1.2.246.10.15728600",
            "0112038-9, 1.2.246.10.1120389",
    })
    void acceptsValidIdsAndGivesTheirOid(String id, String oid) {
        assertThat(BusinessId.problem(id)).isEmpty();
        assertThat(BusinessId.toOid(id)).isEqualTo(oid);
    }

    @ParameterizedTest
    @CsvSource({
            "0204819-7, 8",
            "0246246-1, 0",
            "1234567-8, 1",
    })
    void rejectsAWrongCheckDigit(String id, char expected) {
        assertThat(BusinessId.problem(id))
                .hasValue("check digit is '" + id.charAt(8) + "', expected '" + expected + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0000006-0", "0000006-1", "1000008-0", "1000016-5"})
    void rejectsIdsWhoseRemainderIs1WhateverTheCheckDigit(String id) {
        assertThat(BusinessId.problem(id)).hasValue("weighted sum mod 11 is 1: no valid check digit exists");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "", "02048198", "0204819 8", "204819-8", "00204819-8", "0204819-", "0204819-88",
            "O204819-8", "0204819–8", " 0204819-8", "FI0204819-8", "٠٢٠٤٨١٩-٨",
    })
    void rejectsMalformedIds(String id) {
        assertThat(BusinessId.problem(id)).hasValue("must be NNNNNNN-C: 7 digits, hyphen, check digit");
    }

    @ParameterizedTest
    @NullSource
    void rejectsNull(String id) {
        assertThat(BusinessId.problem(id)).hasValue("is missing");
    }

    @Test
    void refusesAnOidForAnInvalidId() {
        assertThatThrownBy(() -> BusinessId.toOid("0204819-7"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("business ID check digit is '7', expected '8'");
    }
}
