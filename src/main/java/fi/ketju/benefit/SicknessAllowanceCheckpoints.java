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
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Kela's sickness allowance checkpoints (mappings/benefit/sickness-allowance-checkpoints.yaml): marks a
 * benefit status with the highest checkpoint its paid days reach for the first time in the client's
 * service chain, when no work ability assessment summary is on record for that chain. The 90-day rule
 * applies only to employees.
 *
 * <p>Several consumers, on one instance or many, may handle statuses of one chain at once: the chain's row is
 * locked (SELECT ... FOR UPDATE) for the read and the update, so each sees the "before" the previous one left;
 * two first statuses of a new chain cannot both insert its row (the primary key), the loser locks the winner's.
 */
@Component("sicknessAllowanceCheckpoints")
class SicknessAllowanceCheckpoints {

    /** A chain's first row can be raced only once: the loser then finds the winner's row. */
    private static final int FIRST_ROW_ATTEMPTS = 3;

    private final JdbcClient jdbc;
    private final ObjectMapper json;
    private final TransactionTemplate transaction;
    /** A savepoint around the insert of a chain's first row: a refused one leaves the transaction usable. */
    private final TransactionTemplate savepoint;
    private final List<Checkpoint> checkpoints = new ArrayList<>();

    SicknessAllowanceCheckpoints(JdbcClient jdbc, ObjectMapper json, MappingSettings settings,
            PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.json = json;
        this.transaction = new TransactionTemplate(transactions);
        this.savepoint = new TransactionTemplate(transactions);
        savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        settings.readYaml("benefit/sickness-allowance-checkpoints.yaml").path("checkpoints").forEach(c -> checkpoints.add(
                new Checkpoint(c.path("days").asInt(), c.path("employees-only").asBoolean(false), c.path("action").asText())));
    }

    /** Adds payload.checkpoint to the benefit status in the exchange body when one is crossed; remembers the paid days. */
    public void mark(Exchange exchange) throws IOException {
        ObjectNode status = (ObjectNode) json.readTree(exchange.getMessage().getBody(String.class));
        if (mark(status).isPresent()) {
            exchange.getMessage().setBody(json.writeValueAsString(status));
        }
    }

    /** Adds payload.checkpoint to the benefit status when one is crossed, and answers it; remembers the paid days. */
    Optional<Checkpoint> mark(ObjectNode status) {
        JsonNode payload = status.path("payload");
        JsonNode allowance = payload.path("sicknessAllowance");
        if (!"sickness-allowance".equals(payload.path("benefitType").asText()) || !allowance.has("paidDays")) {
            return Optional.empty();
        }
        String chainId = status.path("chainId").asText();
        int paidDays = allowance.path("paidDays").asInt();
        UUID messageId = UUID.fromString(status.path("messageId").asText());
        Optional<Checkpoint> crossed = transaction.execute(t -> {
            int before = remember(chainId, messageId, paidDays);
            return crossed(before, paidDays, allowance.path("isEmployee").asBoolean(false)).filter(c -> !assessmentOnRecord(chainId));
        });
        crossed.ifPresent(c -> {
            ObjectNode checkpoint = ((ObjectNode) payload).putObject("checkpoint");
            checkpoint.put("paidDays", c.days());
            checkpoint.put("action", c.action());
        });
        return crossed;
    }

    /** The highest checkpoint in (before, now] that applies to this client. */
    Optional<Checkpoint> crossed(int before, int now, boolean employee) {
        return checkpoints.stream()
                .filter(c -> before < c.days() && c.days() <= now)
                .filter(c -> employee || !c.employeesOnly())
                .reduce((lower, higher) -> higher);
    }

    /**
     * Records this status's paid days for the chain and answers the days reported before it (the same on a
     * redelivery). Holds the chain's row locked until the caller's transaction ends.
     */
    private int remember(String chainId, UUID messageId, int paidDays) {
        for (int attempt = 1; attempt <= FIRST_ROW_ATTEMPTS; attempt++) {
            Optional<Reported> last = locked(chainId);
            if (last.isPresent()) {
                return rememberAfter(last.get(), chainId, messageId, paidDays);
            }
            if (insertedFirst(chainId, messageId, paidDays)) {
                return 0;
            }
            // Another consumer inserted the chain's first row meanwhile (and committed): lock that one.
        }
        throw new IllegalStateException("the sickness allowance days of a chain could not be locked");
    }

    private Optional<Reported> locked(String chainId) {
        return jdbc.sql("select paid_days, previous_days, message_id from sickness_allowance_days where chain_id = :chain for update")
                .param("chain", chainId)
                .query((rs, n) -> new Reported(rs.getInt("paid_days"), rs.getInt("previous_days"), rs.getObject("message_id", UUID.class)))
                .optional();
    }

    /**
     * Whether this status inserted the chain's first row; false if another got there first (the primary key refuses
     * it, under a savepoint, so the transaction goes on). Only two first statuses of one chain at once race here.
     */
    private boolean insertedFirst(String chainId, UUID messageId, int paidDays) {
        try {
            savepoint.executeWithoutResult(t -> jdbc.sql("""
                    insert into sickness_allowance_days (chain_id, paid_days, previous_days, message_id, updated_at)
                    values (:chain, :days, 0, :message, :now)""")
                    .param("chain", chainId).param("days", paidDays).param("message", messageId)
                    .param("now", OffsetDateTime.now(ZoneOffset.UTC)).update());
            return true;
        } catch (DuplicateKeyException raced) {
            return false;
        }
    }

    private int rememberAfter(Reported last, String chainId, UUID messageId, int paidDays) {
        if (last.messageId().equals(messageId)) {
            return last.previousDays();
        }
        jdbc.sql("""
                update sickness_allowance_days set paid_days = :days, previous_days = :before, message_id = :message, updated_at = :now
                where chain_id = :chain""")
                .param("days", Math.max(paidDays, last.paidDays())).param("before", last.paidDays())
                .param("message", messageId).param("now", OffsetDateTime.now(ZoneOffset.UTC)).param("chain", chainId).update();
        return last.paidDays();
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
