package fi.ketju.intake;

/** The social-care door, POST /api/v1/social-care/messages (mappings/social-care/message.schema.json). */
class SocialCareDoorTest extends JsonDoorTest {

    SocialCareDoorTest() {
        super("social-care", new Fields("/message_id", "/client/hetu", "/referral/reason", "/sender/business_id"));
    }
}
