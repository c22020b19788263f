package fi.ketju.audit;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Moves events from the outbox (message_event) into the chained trail (audit_event), in outbox id order, in
 * batches: one transaction inserts a batch with consecutive ids, each with the hash of the one before, and deletes
 * it from the outbox. The one place that extends the chain, so it is linear; the steps themselves never wait for
 * it. Runs every ketju.audit.chain-interval, and on demand before an auditor reads the trail; seals the head every
 * ketju.audit.seal-interval.
 *
 * <p>Several hub instances may run on one database (issue 15): each batch and each seal takes the audit-chain lock
 * ({@link SingletonLocks}) first, in its own transaction, and reads the chain head from the database under it, so
 * that exactly one instance extends the chain at a time and always from its true head.
 */
@Component
class AuditChainer {

    private static final Logger LOG = LoggerFactory.getLogger(AuditChainer.class);
    private static final int BATCH = 500;

    private final JdbcClient jdbc;
    private final JdbcTemplate jdbcTemplate;
    private final TransactionTemplate transaction;
    private final AuditCheckpoints checkpoints;
    private final SingletonLocks locks;

    AuditChainer(JdbcClient jdbc, JdbcTemplate jdbcTemplate, PlatformTransactionManager transactions, AuditCheckpoints checkpoints,
            SingletonLocks locks) {
        this.jdbc = jdbc;
        this.jdbcTemplate = jdbcTemplate;
        this.transaction = new TransactionTemplate(transactions);
        this.checkpoints = checkpoints;
        this.locks = locks;
    }

    record Head(long id, String hash) {
    }

    @Scheduled(fixedDelayString = "${ketju.audit.chain-interval:200ms}")
    void scheduled() {
        try {
            chainUnlessHeld("the events stay in the outbox and are chained on the next run");
        } catch (RuntimeException e) {
            LOG.warn("Audit events could not be chained now; they stay in the outbox and are chained on the next run", e);
        }
    }

    /**
     * Chains every event committed to the outbox so far; answers how many. Waits for another instance's (or
     * thread's) batch, seal or retention cut up to ketju.audit.lock-wait, then a CannotAcquireLockException.
     */
    int chainPending() {
        int total = 0;
        int moved;
        do {
            moved = transaction.execute(tx -> chainBatch());
            total += moved;
        } while (moved == BATCH);
        return total;
    }

    /**
     * What an auditor's read does first: chains what is pending, so that the answer includes every step committed so
     * far. Never fails the read for the lock: when another instance holds the chain longer than the lock wait (a long
     * retention cut), the read answers from the trail as chained, and the rest follows on the next run.
     */
    void chainBeforeRead() {
        chainUnlessHeld("this read answers from the trail as chained so far");
    }

    private void chainUnlessHeld(String meanwhile) {
        try {
            chainPending();
        } catch (CannotAcquireLockException e) {
            LOG.warn("The audit chain was held by another hub instance longer than ketju.audit.lock-wait (a retention run's cut); {}",
                    meanwhile);
        }
    }

    @Scheduled(fixedDelayString = "${ketju.audit.seal-interval:60s}", initialDelayString = "${ketju.audit.seal-interval:60s}")
    void scheduledSeal() {
        try {
            seal();
        } catch (RuntimeException e) {
            LOG.warn("The audit chain could not be sealed now; it is sealed on the next run", e);
        }
    }

    /**
     * Chains what is pending and seals the head with a signed checkpoint, unless the last checkpoint already
     * covers it. Deleting events at the tail of the chain shows against the last checkpoint.
     */
    void seal() {
        chainPending();
        transaction.executeWithoutResult(tx -> {
            locks.lock(SingletonLocks.AUDIT_CHAIN);
            Head sealed = head();
            if (checkpoints.last().map(last -> last.lastEventId() < sealed.id()).orElse(sealed.id() > 0)) {
                checkpoints.append(AuditCheckpoints.Kind.SEAL, sealed.id(), sealed.hash());
            }
        });
    }

    private int chainBatch() {
        // Idle (most runs): nothing pending, no lock taken.
        if (jdbc.sql("select id from message_event fetch first 1 rows only").query(Long.class).optional().isEmpty()) {
            return 0;
        }
        locks.lock(SingletonLocks.AUDIT_CHAIN);
        List<Pending> pending = jdbc.sql("""
                select e.id, e.occurred_at, e.event_type, e.message_id, e.recipient, e.detail, e.requester, e.requester_user,
                    e.purpose, e.legal_basis, e.data_categories,
                    coalesce(e.subject_key, m.subject_key) as subject_key,
                    coalesce(e.subject_enc, m.subject_enc) as subject_enc,
                    coalesce(e.subject_key_id, m.subject_key_id) as subject_key_id,
                    m.chain_id, m.type, m.sender, m.sender_message_id
                from message_event e left join message m on m.id = e.message_id
                order by e.id fetch first %d rows only""".formatted(BATCH))
                .query((rs, n) -> {
                    UUID messageId = rs.getObject("message_id", UUID.class);
                    MessageEvent type = MessageEvent.valueOf(rs.getString("event_type"));
                    String messageType = rs.getString("type");
                    String sender = rs.getString("sender");
                    String requester = rs.getString("requester");
                    String purpose = rs.getString("purpose");
                    return new Pending(rs.getLong("id"), new TrailEvent(0,
                            rs.getObject("occurred_at", OffsetDateTime.class).toInstant(), type, type.outcome(), messageId,
                            // A refusal has no message: its partner is the sender the door refused.
                            rs.getString("chain_id"), messageType, sender != null || type != MessageEvent.REJECTED ? sender : requester,
                            rs.getString("recipient"),
                            rs.getString("subject_key"), rs.getBytes("subject_enc"), rs.getString("subject_key_id"),
                            requester != null ? requester : sender, rs.getString("requester_user"),
                            purpose != null ? purpose : purposeOf(messageType), rs.getString("legal_basis"),
                            rs.getString("data_categories"),
                            messageId == null ? null : "hub message " + messageId + ", sender message " + rs.getString("sender_message_id")
                                    + (messageType == null ? "" : " (" + messageType + ")"),
                            rs.getString("detail"), null, null));
                })
                .list();
        if (pending.isEmpty()) {
            return 0;
        }
        Head last = head();
        List<TrailEvent> chained = new ArrayList<>(pending.size());
        for (Pending each : pending) {
            TrailEvent event = each.event().chained(last.id() + 1, last.hash());
            chained.add(event);
            last = new Head(event.id(), event.hash());
        }
        insert(chained);
        int[][] deleted = jdbcTemplate.batchUpdate("delete from message_event where id = ?", pending, BATCH,
                (ps, each) -> ps.setLong(1, each.outboxId()));
        for (int[] counts : deleted) {
            for (int count : counts) {
                if (count == 0) {
                    throw new IllegalStateException("an outbox event was chained by someone else meanwhile");
                }
            }
        }
        return pending.size();
    }

    private record Pending(long outboxId, TrailEvent event) {
    }

    /** What a message's events are for, when the step did not say: the message type's purpose in the service chain. */
    private static String purposeOf(String messageType) {
        return messageType == null ? null : switch (messageType) {
            case "referral" -> "referral within the client's service chain";
            case "assessment-summary" -> "work ability assessment within the client's service chain";
            case "benefit-status" -> "benefit status for the client's service chain";
            default -> messageType + " within the client's service chain";
        };
    }

    /** The last event chained, read from the database: call it under the audit-chain lock. */
    private Head head() {
        return jdbc.sql("select id, hash from audit_event order by id desc fetch first 1 rows only")
                .query((rs, n) -> new Head(rs.getLong("id"), rs.getString("hash")))
                .optional()
                // Everything was pruned: the chain goes on from the last pruned event.
                .or(() -> checkpoints.lastPruned().map(cut -> new Head(cut.lastEventId(), cut.lastEventHash())))
                .orElse(new Head(0, TrailEvent.GENESIS));
    }

    /**
     * Inserts chained events in JDBC batches (also how the search benchmark fills a trail). An event's person is
     * indexed apart (subject_key_not_of_message) only when its message does not name that person; the search finds
     * the others through their messages (V36).
     */
    void insert(List<TrailEvent> events) {
        jdbcTemplate.batchUpdate("""
                insert into audit_event (id, occurred_at, event_type, outcome, message_id, chain_id, message_type, partner,
                    recipient, subject_key, subject_enc, subject_key_id, requester, requester_user, purpose, legal_basis,
                    data_categories, data_ids, detail, prev_hash, hash, subject_key_not_of_message)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
                    case when exists (select 1 from message m where m.id = ? and m.subject_key = ?) then null else ? end)""",
                events, BATCH, AuditChainer::bind);
    }

    private static void bind(PreparedStatement ps, TrailEvent e) throws SQLException {
        ps.setLong(1, e.id());
        ps.setObject(2, MessageLog.utc(e.occurredAt()));
        ps.setString(3, e.type().name());
        ps.setString(4, e.outcome().name());
        ps.setObject(5, e.messageId());
        ps.setString(6, e.chainId());
        ps.setString(7, e.messageType());
        ps.setString(8, e.partner());
        ps.setString(9, e.recipient());
        ps.setString(10, e.subjectKey());
        if (e.subjectEnc() == null) {
            ps.setNull(11, Types.BINARY);
        } else {
            ps.setBytes(11, e.subjectEnc());
        }
        ps.setString(12, e.subjectKeyId());
        ps.setString(13, e.requester());
        ps.setString(14, e.requesterUser());
        ps.setString(15, e.purpose());
        ps.setString(16, e.legalBasis());
        ps.setString(17, e.dataCategories());
        ps.setString(18, e.dataIds());
        ps.setString(19, e.detail());
        ps.setString(20, e.prevHash());
        ps.setString(21, e.hash());
        ps.setObject(22, e.messageId());
        ps.setString(23, e.subjectKey());
        ps.setString(24, e.subjectKey());
    }
}
