package fi.ketju.intake;

/** The employment services' door, POST /api/v1/employment/messages (mappings/employment/message.schema.json). */
class EmploymentDoorTest extends JsonDoorTest {

    EmploymentDoorTest() {
        super("employment", new Fields("/viesti_id", "/asiakas/henkilotunnus", "/lahete/syy", "/lahettaja/ytunnus"));
    }
}
