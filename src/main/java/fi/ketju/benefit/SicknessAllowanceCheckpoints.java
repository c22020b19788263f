package fi.ketju.benefit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fi.ketju.mapping.MappingSettings;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Kela's sickness allowance checkpoints (mappings/benefit/sickness-allowance-checkpoints.yaml): marks a
 * benefit status with the highest checkpoint its paid days reach for the first time in the client's
 * service chain, when no work ability assessment summary is on record for that chain. The 90-day rule
 * applies only to employees.
 */
@Component("sicknessAllowanceCheckpoints")
class SicknessAllowanceCheckpoints {

    private final JdbcClient jdbc;
    private final ObjectMapper json;
    private final List<Checkpoint> checkpoints = new ArrayList<>();

    SicknessAllowanceCheckpoints(JdbcClient jdbc, ObjectMapper json, MappingSettings settings) {
        this.jdbc = jdbc;
        this.json = json;
        settings.readYaml("benefit/sickness-allowance-checkpoints.yaml").path("checkpoints").forEach(c -> checkpoints.add(
                new Checkpoint(c.path("days").asInt(), c.path("employees-only").asBoolean(false), c.path("action").asText())));
    }

    /** Adds payload.checkpoint to the benefit status in the exchange body when one is crossed; remembers the paid days. */
    @Transactional
    public void mark(Exchange exchange) throws IOException {
        ObjectNode status = (ObjectNode) json.readTree(exchange.getMessage().getBody(String.class));
        JsonNode payload = status.path("payload");
        JsonNode allowance = payload.path("sicknessAllowance");
        if (!"sickness-allowance".equals(payload.path("benefitType").asText()) || !allowance.has("paidDays")) {
            return;
        }
        String chainId = status.path("chainId").asText();
        int paidDays = allowance.path("paidDays").asInt();
        int before = remember(chainId, UUID.fromString(status.path("messageId").asText()), paidDays);
        Optional<Checkpoint> crossed = crossed(before, paidDays, allowance.path("isEmployee").asBoolean(false));
        if (crossed.isPresent() && !assessmentOnRecord(chainId)) {
            ObjectNode checkpoint = ((ObjectNode) payload).putObject("checkpoint");
            checkpoint.put("paidDays", crossed.get().days());
            checkpoint.put("action", crossed.get().action());
            exchange.getMessage().setBody(json.writeValueAsString(status));
        }
    }

    /** The highest checkpoint in (before, now] that applies to this client. */
    Optional<Checkpoint> crossed(int before, int now, boolean employee) {
        return checkpoints.stream()
                .filter(c -> before < c.days() && c.days() <= now)
                .filter(c -> employee || !c.employeesOnly())
                .reduce((lower, higher) -> higher);
    }

    /** Records this status's paid days for the chain and answers the days reported before it (the same on a redelivery). */
    private int remember(String chainId, UUID messageId, int paidDays) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        Optional<Reported> last = jdbc.sql("select paid_days, previous_days, message_id from sickness_allowance_days where chain_id = :chain")
                .param("chain", chainId)
                .query((rs, n) -> new Reported(rs.getInt("paid_days"), rs.getInt("previous_days"), rs.getObject("message_id", UUID.class)))
                .optional();
        if (last.isEmpty()) {
            jdbc.sql("""
                    insert into sickness_allowance_days (chain_id, paid_days, previous_days, message_id, updated_at)
                    values (:chain, :days, 0, :message, :now)""")
                    .param("chain", chainId).param("days", paidDays).param("message", messageId).param("now", now).update();
            return 0;
        }
        if (last.get().messageId().equals(messageId)) {
            return last.get().previousDays();
        }
        jdbc.sql("""
                update sickness_allowance_days set paid_days = :days, previous_days = :before, message_id = :message, updated_at = :now
                where chain_id = :chain""")
                .param("days", Math.max(paidDays, last.get().paidDays())).param("before", last.get().paidDays())
                .param("message", messageId).param("now", now).param("chain", chainId).update();
        return last.get().paidDays();
    }

    private boolean assessmentOnRecord(String chainId) {
        return jdbc.sql("select count(*) from message where chain_id = :chain and type = 'assessment-summary'")
                .param("chain", chainId).query(Integer.class).single() > 0;
    }

    record Checkpoint(int days, boolean employeesOnly, String action) {
    }

    private record Reported(int paidDays, int previousDays, UUID messageId) {
    }
}
