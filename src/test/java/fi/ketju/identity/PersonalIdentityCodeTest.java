package fi.ketju.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fi.ketju.identity.IdentityCodeCheck.Kind;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Expected check characters are hard-coded, computed outside the production code (DDMMYYZZZ mod 31 by hand
 * and with a separate script), so a shared mistake cannot pass. Besides the three checked examples of
 * domain.md, only individual numbers 900-999 appear, which no real person holds.
 */
class PersonalIdentityCodeTest {

    @ParameterizedTest
    @CsvSource({
            "131052-308T, PERSONAL,  1952-10-13",
            "010181-900C, TEMPORARY, 1981-01-01",
            "020516C903K, TEMPORARY, 2016-05-02",
            "010190-999W, TEMPORARY, 1990-01-01",
    })
    void acceptsTheCheckedExamples(String code, Kind kind, LocalDate birthDate) {
        assertThat(PersonalIdentityCode.check(code))
                .isEqualTo(new IdentityCodeCheck(kind, birthDate, null))
                .satisfies(check -> assertThat(check.valid()).isTrue());
    }

    @Test
    void rejectsTheHl7FinlandExampleWithItsWrongCheckCharacter() {
        IdentityCodeCheck check = PersonalIdentityCode.check("010190-999Y");

        assertThat(check.valid()).isFalse();
        assertThat(check.kind()).isNull();
        assertThat(check.birthDate()).isNull();
        assertThat(check.problem()).isEqualTo("check character is 'Y', expected 'W'");
    }

    @ParameterizedTest
    @CsvSource({
            "010190+999W, 1890-01-01",
            "010190-999W, 1990-01-01",
            "010190Y999W, 1990-01-01",
            "010190X999W, 1990-01-01",
            "010190W999W, 1990-01-01",
            "010190V999W, 1990-01-01",
            "010190U999W, 1990-01-01",
            "010105A900S, 2005-01-01",
            "010105B900S, 2005-01-01",
            "010105C900S, 2005-01-01",
            "010105D900S, 2005-01-01",
            "010105E900S, 2005-01-01",
            "010105F900S, 2005-01-01",
    })
    void everyCenturySignGivesItsCentury(String code, LocalDate birthDate) {
        assertThat(PersonalIdentityCode.check(code).birthDate()).isEqualTo(birthDate);
    }

    @ParameterizedTest
    @CsvSource({
            "010190G999W, G",
            "010190Z999W, Z",
            "0101901999W, 1",
            "010190/999W, /",
    })
    void rejectsUnknownCenturySigns(String code, char sign) {
        assertThat(PersonalIdentityCode.check(code).problem()).isEqualTo("unknown century sign '" + sign + "'");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "300201A9008 | date 300201 does not exist (year 2001)",
            "290200-900B | date 290200 does not exist (year 1900)",
            "290200+900B | date 290200 does not exist (year 1800)",
            "290201A900L | date 290201 does not exist (year 2001)",
            "310423A9006 | date 310423 does not exist (year 2023)",
            "001099-900M | date 001099 does not exist (year 1999)",
            "011399-900P | date 011399 does not exist (year 1999)",
    })
    void rejectsDatesThatDoNotExist(String code, String problem) {
        assertThat(PersonalIdentityCode.check(code).problem()).isEqualTo(problem);
    }

    @ParameterizedTest
    @CsvSource({
            "290200A900B, 2000-02-29",
            "290204A900C, 2004-02-29",
            "311299-999E, 1999-12-31",
    })
    void acceptsLeapDaysOfLeapYearsAndTheLastDayOfTheYear(String code, LocalDate birthDate) {
        assertThat(PersonalIdentityCode.check(code).birthDate()).isEqualTo(birthDate);
    }

    @ParameterizedTest
    @ValueSource(strings = {"020516c903K", "020516C903k", "020516c903k"})
    void rejectsLowercase(String code) {
        assertThat(PersonalIdentityCode.check(code).problem()).isEqualTo("must be uppercase");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "010190-999   | must be 11 characters DDMMYYCZZZQ, got 10",
            "010190-999WW | must be 11 characters DDMMYYCZZZQ, got 12",
            "' 010190-999W' | must be 11 characters DDMMYYCZZZQ, got 12",
            "''           | must be 11 characters DDMMYYCZZZQ, got 0",
    })
    void rejectsWrongLength(String code, String problem) {
        assertThat(PersonalIdentityCode.check(code).problem()).isEqualTo(problem);
    }

    @ParameterizedTest
    @NullSource
    void rejectsNull(String code) {
        assertThat(PersonalIdentityCode.check(code).problem()).isEqualTo("is missing");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "01O190-999W | DDMMYY must be 6 digits",
            "٠١٠١٩٠-999W | DDMMYY must be 6 digits",
            "010190-9 9W | individual number ZZZ must be 3 digits",
            "010190-99XW | individual number ZZZ must be 3 digits",
    })
    void rejectsNonDigitsWhereDigitsBelong(String code, String problem) {
        assertThat(PersonalIdentityCode.check(code).problem()).isEqualTo(problem);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "010101-000P | individual number 000 is not allowed (002-999)",
            "010101-001R | individual number 001 is not allowed (002-999)",
    })
    void rejectsIndividualNumbers000And001EvenWithAMatchingCheckCharacter(String code, String problem) {
        assertThat(PersonalIdentityCode.check(code).problem()).isEqualTo(problem);
    }

    @ParameterizedTest
    @CsvSource({
            "010101-002S, PERSONAL",
            "010101-899P, PERSONAL",
            "010101-900R, TEMPORARY",
            "150623A9503, TEMPORARY",
            "010190-999W, TEMPORARY",
    })
    void classifiesByIndividualNumber(String code, Kind kind) {
        assertThat(PersonalIdentityCode.check(code).kind()).isEqualTo(kind);
    }

    @ParameterizedTest
    @CsvSource({
            "010190-999W, ******-****",
            "020516C903K, ******C****",
            "010190+999W, ******+****",
            "010190G999W, ***********",
            "010190-999,  ***********",
            "' 010190-999W', ***********",
    })
    void masksEverythingButAKnownCenturySign(String code, String masked) {
        assertThat(PersonalIdentityCode.mask(code)).isEqualTo(masked);
    }

    @Test
    void masksNullAsNull() {
        assertThat(PersonalIdentityCode.mask(null)).isEqualTo("null");
    }

    @Test
    void checkHoldsEitherAResultOrAProblem() {
        LocalDate date = LocalDate.of(1990, 1, 1);

        assertThatThrownBy(() -> new IdentityCodeCheck(Kind.PERSONAL, date, "broken"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new IdentityCodeCheck(Kind.PERSONAL, null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new IdentityCodeCheck(null, null, null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
