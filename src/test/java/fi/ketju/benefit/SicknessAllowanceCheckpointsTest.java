package fi.ketju.benefit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fi.ketju.HubIntegrationTest;
import fi.ketju.message.Envelope;
import fi.ketju.message.MessageLedger;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Kela's checkpoints (domain.md): which paid-day counts notify the work ability team, and when not. */
class SicknessAllowanceCheckpointsTest extends HubIntegrationTest {

    @Autowired SicknessAllowanceCheckpoints checkpoints;
    @Autowired MessageLedger ledger;
    @Autowired CamelContext camel;
    @Autowired ObjectMapper json;

    @Test
    void theHighestCheckpointReachedForTheFirstTimeCounts() {
        assertThat(checkpoints.crossed(59, 61, true)).map(SicknessAllowanceCheckpoints.Checkpoint::days).hasValue(60);
        assertThat(checkpoints.crossed(0, 92, true)).map(SicknessAllowanceCheckpoints.Checkpoint::days).hasValue(90);
        assertThat(checkpoints.crossed(229, 300, true)).map(SicknessAllowanceCheckpoints.Checkpoint::days).hasValue(300);
        assertThat(checkpoints.crossed(92, 95, true)).isEmpty();
        assertThat(checkpoints.crossed(60, 60, true)).isEmpty();
    }

    @Test
    void theNinetyDayRuleIsOnlyForEmployees() {
        assertThat(checkpoints.crossed(61, 92, false)).isEmpty();
        assertThat(checkpoints.crossed(0, 92, false)).map(SicknessAllowanceCheckpoints.Checkpoint::days).hasValue(60);
    }

    @Test
    void aStatusCrossingACheckpointCarriesItAlsoWhenRedeliveredButALaterOneDoesNot() throws Exception {
        String chain = UUID.randomUUID().toString();
        ObjectNode first = status(chain, 92);

        assertThat(mark(first).path("payload").path("checkpoint").path("paidDays").asInt()).isEqualTo(90);
        assertThat(mark(first).path("payload").path("checkpoint").path("paidDays").asInt()).as("redelivered").isEqualTo(90);
        assertThat(mark(status(chain, 95)).path("payload").has("checkpoint")).isFalse();
        JsonNode checkpoint = mark(status(chain, 151)).path("payload").path("checkpoint");
        assertThat(checkpoint.path("paidDays").asInt()).isEqualTo(150);
        assertThat(checkpoint.path("action").asText()).contains("pension");
    }

    @Test
    void noCheckpointWhenTheChainAlreadyHasAnAssessmentSummary() throws Exception {
        String chain = UUID.randomUUID().toString();
        ObjectNode assessment = (ObjectNode) json.readTree(Path.of("mappings/canonical/samples/assessment-summary.json").toFile());
        assessment.put("messageId", UUID.randomUUID().toString()).put("senderMessageId", "TEST-" + UUID.randomUUID()).put("chainId", chain);
        ledger.recordAccepted(Envelope.of(assessment), null, null, null, null, Instant.now());

        assertThat(mark(status(chain, 92)).path("payload").has("checkpoint")).isFalse();
    }

    private ObjectNode status(String chain, int paidDays) throws Exception {
        ObjectNode status = (ObjectNode) json.readTree(Path.of("mappings/canonical/samples/benefit-status.json").toFile());
        status.put("messageId", UUID.randomUUID().toString()).put("chainId", chain);
        ((ObjectNode) status.path("payload").path("sicknessAllowance")).put("paidDays", paidDays);
        return status;
    }

    private JsonNode mark(ObjectNode status) throws Exception {
        Exchange exchange = new DefaultExchange(camel);
        exchange.getMessage().setBody(json.writeValueAsString(status));
        checkpoints.mark(exchange);
        return json.readTree(exchange.getMessage().getBody(String.class));
    }
}
