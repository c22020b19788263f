package fi.ketju.message;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fi.ketju.HubIntegrationTest;
import fi.ketju.HubTestSupport;
import fi.ketju.intake.CanonicalIntake;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Which service chain a message joins when its sender names none: senders outside social care (a FHIR
 * system, Kela) do not know the hub's chains, yet an auditor and the checkpoint rule need one chain per
 * client's path through the services.
 */
class ServiceChainTest extends HubIntegrationTest {

    @Autowired CanonicalIntake intake;
    @Autowired MessageLedger ledger;
    @Autowired ObjectMapper json;

    /** The last referral accepted, for a summary to answer. */
    private String referralId;

    @Test
    void anAssessmentContinuesItsReferralsChainAndABenefitStatusTheClientsLatest() throws Exception {
        String hetu = testHetu();
        String referralChain = chainOf(accept(unnamedChain(sample("referral", hetu)), "social-care"));
        assertThat(referralChain).doesNotStartWith("unnamed");

        ObjectNode summary = unnamedChain(sample("assessment-summary", hetu));
        ((ObjectNode) summary.path("payload")).put("referralMessageId", referralId);
        assertThat(chainOf(accept(summary, "health-care"))).isEqualTo(referralChain);

        assertThat(chainOf(accept(unnamedChain(sample("benefit-status", hetu)), "kela"))).isEqualTo(referralChain);
    }

    @Test
    void aReferralStartsANewChainAndAnotherClientsStatusDoesNotJoinIt() throws Exception {
        String hetu = testHetu();
        String first = chainOf(accept(unnamedChain(sample("referral", hetu)), "social-care"));
        String second = chainOf(accept(unnamedChain(sample("referral", hetu)), "social-care"));
        assertThat(second).isNotEqualTo(first);

        String otherClient = chainOf(accept(unnamedChain(sample("benefit-status", testHetu())), "kela"));
        assertThat(otherClient).isNotIn(first, second);
    }

    @Test
    void messagesThatJoinTheClientsLatestChainLeaveNoDatabaseConnectionBehind() throws Exception {
        String hetu = testHetu();
        String chain = chainOf(accept(unnamedChain(sample("referral", hetu)), "social-care"));

        // More than the connection pool holds (10): a connection kept by each lookup would stop the door.
        for (int i = 0; i < 25; i++) {
            assertThat(chainOf(accept(unnamedChain(sample("benefit-status", hetu)), "kela"))).isEqualTo(chain);
        }
    }

    @Test
    void aStatusJoinsTheNewestOfTheClientsChainsHoweverManyMessagesCameBefore() throws Exception {
        String hetu = testHetu();
        String older = chainOf(accept(receivedAt(unnamedChain(sample("referral", hetu)), "2026-11-02T08:00:00Z"), "social-care"));
        for (int i = 0; i < 20; i++) {
            accept(receivedAt(unnamedChain(sample("benefit-status", hetu)), "2026-11-03T08:00:00Z"), "kela");
        }
        String newest = chainOf(accept(receivedAt(unnamedChain(sample("referral", hetu)), "2026-11-04T08:00:00Z"), "social-care"));

        assertThat(newest).isNotEqualTo(older);
        assertThat(chainOf(accept(receivedAt(unnamedChain(sample("benefit-status", hetu)), "2026-11-05T08:00:00Z"), "kela")))
                .isEqualTo(newest);
    }

    @Test
    void aChainTheSenderNamesIsKept() throws Exception {
        ObjectNode referral = sample("referral", testHetu());
        referral.put("chainId", "chain-named-by-social-care-" + UUID.randomUUID());

        assertThat(chainOf(accept(referral, "social-care"))).isEqualTo(referral.path("chainId").asText());
    }

    private UUID accept(ObjectNode message, String family) {
        if ("referral".equals(message.path("type").asText())) {
            referralId = message.path("messageId").asText();
        }
        return intake.accept(family, message, "/sender", "/senderMessageId", null).messageId();
    }

    private String chainOf(UUID messageId) {
        return ledger.status(messageId).orElseThrow().chainId();
    }

    private ObjectNode sample(String type, String hetu) throws Exception {
        ObjectNode message = (ObjectNode) json.readTree(Path.of("mappings/canonical/samples/" + type + ".json").toFile());
        message.put("messageId", UUID.randomUUID().toString());
        message.put("senderMessageId", "TEST-" + UUID.randomUUID());
        ((ObjectNode) message.path("subject")).put("hetu", hetu);
        return message;
    }

    /** As the door stamps it on acceptance. */
    private static ObjectNode receivedAt(ObjectNode message, String instant) {
        return message.put("receivedAt", instant);
    }

    /** As an inbound mapping leaves it when the sender names no chain. */
    private static ObjectNode unnamedChain(ObjectNode message) {
        return message.put("chainId", CanonicalIntake.mappingVariables().get("newChainId").asText());
    }

    /** A different test-series identity code each time: the database is shared with the other tests. */
    private static String testHetu() {
        return HubTestSupport.testHetu(ThreadLocalRandom.current().nextInt(36_500));
    }
}
