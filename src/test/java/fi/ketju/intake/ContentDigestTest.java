package fi.ketju.intake;

import static fi.ketju.HubTestSupport.sample;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** What makes two sendings the same message (issue 14): the canonical message without the hub's own fields. */
class ContentDigestTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void theHubsOwnFieldsAreLeftOut() throws Exception {
        ObjectNode first = referral();
        ObjectNode again = referral();
        again.put("messageId", "6f1d3c2e-0000-4000-8000-000000000001").put("receivedAt", "2030-01-01T00:00:00Z");

        assertThat(digest(again, false)).isEqualTo(digest(first, false));
    }

    @Test
    void aChainTheHubMadeUpIsLeftOutButOneTheSenderNamedCounts() throws Exception {
        ObjectNode first = referral().put("chainId", "unnamed:1");
        ObjectNode again = referral().put("chainId", "unnamed:2");

        assertThat(digest(again, true)).isEqualTo(digest(first, true));
        assertThat(digest(again, false)).isNotEqualTo(digest(first, false));
    }

    @Test
    void neitherKeyOrderNorNumberNotationMatters() throws Exception {
        ObjectNode first = referral();
        first.putObject("extra").put("a", 1).put("b", 2.50);
        ObjectNode again = referral();
        again.putObject("extra").put("b", 2.5).put("a", 1.0);

        assertThat(digest(again, false)).isEqualTo(digest(first, false));
    }

    @Test
    void anotherClientIsAnotherMessage() throws Exception {
        ObjectNode first = referral();
        ObjectNode other = referral();
        ((ObjectNode) other.path("subject")).put("hetu", "131052-308T");

        assertThat(digest(first, false)).hasSize(64).isNotEqualTo(digest(other, false));
    }

    private ObjectNode referral() throws Exception {
        return (ObjectNode) json.readTree(sample("canonical/samples/referral.json"));
    }

    private static String digest(ObjectNode canonical, boolean hubNamedChain) {
        return ContentDigest.of(canonical, hubNamedChain);
    }
}
