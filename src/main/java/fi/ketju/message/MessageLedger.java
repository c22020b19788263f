package fi.ketju.message;

import fi.ketju.audit.AuditTrail;
import fi.ketju.audit.FailureDetails;
import fi.ketju.audit.MessageEvent;
import fi.ketju.audit.MessageLog;
import fi.ketju.audit.PersonalDataCipher;
import fi.ketju.audit.Subjects;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The state of every accepted message and its deliveries. Each change is written together with its
 * entry in the append-only message log, in one database transaction.
 */
@Repository
public class MessageLedger {

    /** Codes are kept in one column, a line each (a code never holds a line break: DeliveryFailure). */
    private static final String CODE_SEPARATOR = "\n";

    private final JdbcClient jdbc;
    private final MessageLog log;
    private final FailureDetails failureDetails;
    /** A nested transaction: a savepoint within the caller's. */
    private final TransactionTemplate savepoint;

    MessageLedger(JdbcClient jdbc, MessageLog log, FailureDetails failureDetails, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.log = log;
        this.failureDetails = failureDetails;
        this.savepoint = new TransactionTemplate(transactions);
        savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
    }

    /**
     * Records a message the door has accepted, with its subject (keyed hash and ciphertext), the sender's
     * Idempotency-Key header, the digest of what it says (by which a resend is told from another message under a used
     * id) and the canonical message encrypted (each null when not known).
     *
     * @throws org.springframework.dao.DuplicateKeyException on a second message with the same sender message id or
     *                                                       the same Idempotency-Key from the same sender
     */
    @Transactional
    public void recordAccepted(Envelope envelope, Subjects.Subject subject, String idempotencyKey, String contentDigest,
            PersonalDataCipher.Sealed body, Instant at) {
        insertMessage(envelope, subject, idempotencyKey, contentDigest, at);
        if (body != null) {
            jdbc.sql("insert into message_body (message_id, received_at, key_id, body_enc) values (:id, :at, :keyId, :body)")
                    .param("id", envelope.messageId()).param("at", utc(at)).param("keyId", body.keyId()).param("body", body.ciphertext())
                    .update();
        }
        log.append(envelope.messageId(), null, MessageEvent.RECEIVED, "from " + envelope.sender(), at);
    }

    /** The message a sender already sent with this Idempotency-Key header. */
    public Optional<Recorded> findByIdempotencyKey(String sender, String idempotencyKey) {
        return jdbc.sql("select id, content_digest from message where sender = :sender and idempotency_key = :key")
                .param("sender", sender)
                .param("key", idempotencyKey)
                .query(MessageLedger::recorded)
                .optional();
    }

    /** The message a sender already sent with this message id of its own. */
    public Optional<Recorded> findBySenderMessageId(String sender, String senderMessageId) {
        return jdbc.sql("select id, content_digest from message where sender = :sender and sender_message_id = :senderMessageId")
                .param("sender", sender)
                .param("senderMessageId", senderMessageId)
                .query(MessageLedger::recorded)
                .optional();
    }

    /** A message on record: its hub message id, and the digest of what it says (null if recorded before V21). */
    public record Recorded(UUID id, String contentDigest) {

        /**
         * Whether a message with this digest says the same. A message recorded before the hub kept digests (V21) has
         * none: the hub cannot tell, and takes it for the same, as it did every resend then.
         */
        public boolean says(String digest) {
            return contentDigest == null || contentDigest.equals(digest);
        }
    }

    private static Recorded recorded(ResultSet rs, int row) throws SQLException {
        return new Recorded(rs.getObject("id", UUID.class), rs.getString("content_digest"));
    }

    /**
     * Records the recipients the routing chose. Safe to repeat (a rolled-back routing runs again), and
     * records the message itself, with the digest the door computed ({@code contentDigest}) and its client's key
     * ({@code subjectKey}, its message group; both carried on the broker; each null if not known), if the door's
     * transaction was lost after the broker had it (the hub died between the two). Answers {@link Routed#SUPERSEDED},
     * recording nothing, when such a message was superseded: the sender, who got no answer for it, has since resent it
     * and that resend is the message of record.
     */
    @Transactional
    public Routed recordRouted(Envelope envelope, String contentDigest, String subjectKey, Collection<String> recipients) {
        Instant now = Instant.now();
        Routed routed = recordUnlessTheDoorDid(envelope, contentDigest, subjectKey, now);
        if (routed == Routed.SUPERSEDED) {
            return routed;
        }
        if (routed == Routed.RECORDED_HERE) {
            log.append(envelope.messageId(), null, MessageEvent.RECEIVED, "from " + envelope.sender(), now);
        }
        routeTo(envelope, recipients, now);
        return routed;
    }

    /**
     * The broker has a message a moment before its door's transaction commits, so routing may take it while the door's
     * insert of its row is not yet committed. Inserting the row here waits on that insert's lock (both databases do),
     * then fails as a duplicate once the door commits, or succeeds if the door's transaction was lost: no polling, and
     * no wait at all for an orphan of a crash. A duplicate of the sender's message id under another hub id is a resend
     * that superseded this message. The insert runs under a savepoint, so that its failure leaves the transaction usable.
     */
    private Routed recordUnlessTheDoorDid(Envelope envelope, String contentDigest, String subjectKey, Instant now) {
        if (recorded(envelope)) {
            return Routed.ROUTED; // the usual case: the door committed before routing took the message
        }
        boolean recordedHere = Boolean.TRUE.equals(savepoint.execute(tx -> {
            try {
                insertMessage(envelope, subjectKey == null ? null : new Subjects.Subject(subjectKey, null), null, contentDigest, now);
                return true;
            } catch (DuplicateKeyException recorded) {
                tx.setRollbackOnly();
                return false;
            }
        }));
        if (recordedHere) {
            return Routed.RECORDED_HERE;
        }
        return recorded(envelope) ? Routed.ROUTED : Routed.SUPERSEDED;
    }

    private boolean recorded(Envelope envelope) {
        return jdbc.sql("select count(*) from message where id = :id").param("id", envelope.messageId()).query(Integer.class).single() > 0;
    }

    /** What {@link #recordRouted} did. */
    public enum Routed {
        /** Routed: the door had recorded the message. */
        ROUTED,
        /** Routed, and recorded here: the door's transaction was lost, so the message is recorded as the door would have. */
        RECORDED_HERE,
        /** Nothing recorded: a resend of the same sender's message is the message of record. */
        SUPERSEDED
    }

    private void routeTo(Envelope envelope, Collection<String> recipients, Instant now) {
        jdbc.sql("update message set routed_at = :now where id = :id and routed_at is null")
                .param("now", utc(now)).param("id", envelope.messageId()).update();
        for (String recipient : recipients) {
            jdbc.sql("""
                    insert into delivery (message_id, recipient, status, attempts, created_at, updated_at, series_started_at,
                        subject_key_on_the_way, accepted_at)
                    select :id, :recipient, :status, 0, :now, :now, :now, subject_key, accepted_at from message
                    where id = :id and not exists (select 1 from delivery where message_id = :id and recipient = :recipient)""")
                    .param("id", envelope.messageId())
                    .param("recipient", recipient)
                    .param("status", DeliveryStatus.PENDING.name())
                    .param("now", utc(now))
                    .update();
        }
        log.append(envelope.messageId(), null, MessageEvent.ROUTED, "to " + String.join(", ", recipients), now);
    }

    /**
     * The oldest message of the same client (subject), accepted before this one and after {@code since}, that may still
     * be on its way to {@code recipient}: not yet routed, or routed to it and neither delivered nor given up. Empty when
     * nothing earlier of the client holds this message back, or when the message has no subject. Reads only messages
     * on their way (V33's and V34's indexes), not the client's history: a delivery row names its client only while on
     * its way.
     */
    public Optional<OnTheWay> earlierOnTheWay(UUID messageId, String recipient, Instant since) {
        return jdbc.sql("""
                select id, routed from (
                    select earlier.id, earlier.accepted_at, false as routed from message later
                    join message earlier on earlier.subject_key = later.subject_key and earlier.routed_at is null
                        and earlier.accepted_at > :since and earlier.accepted_at < later.accepted_at
                    where later.id = :id
                    union all
                    select earlier.message_id, earlier.accepted_at, true from message later
                    join delivery earlier on earlier.subject_key_on_the_way = later.subject_key and earlier.recipient = :recipient
                        and earlier.accepted_at > :since and earlier.accepted_at < later.accepted_at
                    where later.id = :id
                ) on_the_way order by accepted_at fetch first 1 rows only""")
                .param("id", messageId)
                .param("since", utc(since))
                .param("recipient", recipient)
                .query((rs, n) -> new OnTheWay(rs.getObject("id", UUID.class), rs.getBoolean("routed")))
                .optional();
    }

    /** A client's earlier message still on its way: whether it has been routed yet (then it is on its recipients' queues). */
    public record OnTheWay(UUID messageId, boolean routed) {
    }

    /**
     * What a translation gave the recipient (data categories) and on what legal basis: recorded with the outcome of the
     * attempt that sent it ({@code translated} of recordDelivered, recordAttemptFailed, recordDead), in that transaction.
     */
    public record Translated(String legalBasis, List<String> categories, String detail, Instant at) {
    }

    @Transactional
    public void recordDelivered(UUID messageId, String recipient, String detail, Translated translated) {
        recordTranslated(messageId, recipient, translated);
        Instant now = Instant.now();
        jdbc.sql("""
                update delivery set status = :status, attempts = attempts + 1, updated_at = :now, delivered_at = :now,
                    subject_key_on_the_way = null
                where message_id = :id and recipient = :recipient""")
                .param("status", DeliveryStatus.DELIVERED.name())
                .param("now", utc(now))
                .param("id", messageId)
                .param("recipient", recipient)
                .update();
        log.appendDelivered(messageId, recipient, detail, now);
    }

    /** The translation's record, when this outcome is the first of its exchange (null: recorded already, or none). */
    private void recordTranslated(UUID messageId, String recipient, Translated translated) {
        if (translated == null) {
            return;
        }
        jdbc.sql("""
                update delivery set legal_basis = :basis, data_categories = :categories
                where message_id = :id and recipient = :recipient""")
                .param("basis", translated.legalBasis())
                .param("categories", String.join(",", translated.categories()))
                .param("id", messageId)
                .param("recipient", recipient)
                .update();
        log.append(MessageLog.Event.of(messageId, recipient, MessageEvent.TRANSLATED,
                translated.detail() + "; basis: " + translated.legalBasis() + "; categories: " + String.join(", ", translated.categories()),
                translated.at()).basis(translated.legalBasis(), translated.categories()));
    }

    /**
     * Records a failed attempt: the delivery row and its event carry the summary, the detail (what the recipient
     * answered, which may quote the message; null if nothing) is kept encrypted for auditors.
     */
    @Transactional
    public void recordAttemptFailed(UUID messageId, String recipient, DeliveryFailure failure, String detail, Translated translated) {
        recordTranslated(messageId, recipient, translated);
        Instant now = Instant.now();
        int attempt = updateFailure(messageId, recipient, DeliveryStatus.FAILED, failure, 1, now);
        failureDetails.keep(messageId, recipient, attempt, failure, detail, now);
        log.append(messageId, recipient, MessageEvent.DELIVERY_FAILED, "attempt " + attempt + ": " + failure.describe(), now);
    }

    /**
     * Records that the hub gave the delivery up; the attempt that failed last is already recorded. {@code reason} says
     * why in words made of summaries only; {@code failure}, when not null, is the failure the delivery row shows from
     * now on, and {@code detail}, when not null, the detail of a failure that was no attempt (a mapping's error).
     */
    @Transactional
    public void recordDead(UUID messageId, String recipient, String reason, DeliveryFailure failure, String detail,
            Translated translated) {
        recordTranslated(messageId, recipient, translated);
        Instant now = Instant.now();
        int attempts = updateFailure(messageId, recipient, DeliveryStatus.DEAD, failure, 0, now);
        if (failure != null) {
            failureDetails.keep(messageId, recipient, attempts, failure, detail, now);
        }
        log.append(messageId, recipient, MessageEvent.DEAD_LETTERED,
                (attempts == 0 ? "before any attempt: " : "after attempt " + attempts + ": ") + reason, now);
    }

    /**
     * Records that an admin put a dead delivery back on its recipient's queue: it is PENDING again, keeps
     * the count of its attempts (the next is numbered after them) and starts a new series of attempts, so
     * that it gets ketju.delivery.max-attempts and max-age afresh.
     */
    @Transactional
    public void recordReplayed(UUID messageId, String recipient, String admin, String detail) {
        Instant now = Instant.now();
        jdbc.sql("""
                update delivery set status = :pending, updated_at = :now, series_started_at = :now,
                    series_first_attempt = attempts, subject_key_on_the_way = (select subject_key from message where id = :id)
                where message_id = :id and recipient = :recipient and status = :dead""")
                .param("pending", DeliveryStatus.PENDING.name())
                .param("dead", DeliveryStatus.DEAD.name())
                .param("now", utc(now))
                .param("id", messageId)
                .param("recipient", recipient)
                .update();
        log.append(AuditTrail.byAdmin(MessageLog.Event.of(messageId, recipient, MessageEvent.REPLAYED, detail, now), admin));
    }

    /** Records that an admin discarded a dead-lettered message; the delivery stays DEAD. */
    @Transactional
    public void recordDiscarded(UUID messageId, String recipient, String admin, String detail) {
        log.append(AuditTrail.byAdmin(MessageLog.Event.of(messageId, recipient, MessageEvent.DISCARDED, detail, Instant.now()), admin));
    }

    public Optional<MessageStatus.Delivery> delivery(UUID messageId, String recipient) {
        return jdbc.sql("select * from delivery where message_id = :id and recipient = :recipient")
                .param("id", messageId)
                .param("recipient", recipient)
                .query(MessageLedger::delivery)
                .optional();
    }

    /**
     * How many attempts to deliver to this recipient have ended so far. Counted here rather than taken
     * from the broker, whose delivery count does not survive a restart.
     */
    public int attempts(UUID messageId, String recipient) {
        return jdbc.sql("select attempts from delivery where message_id = :id and recipient = :recipient")
                .param("id", messageId)
                .param("recipient", recipient)
                .query(Integer.class)
                .optional()
                .orElse(0);
    }

    /** The current series of attempts to deliver to this recipient: since it was routed or last replayed. */
    public Optional<RetrySeries> retrySeries(UUID messageId, String recipient) {
        return jdbc.sql("""
                select attempts - series_first_attempt as attempts, series_started_at from delivery
                where message_id = :id and recipient = :recipient""")
                .param("id", messageId)
                .param("recipient", recipient)
                .query((rs, n) -> new RetrySeries(rs.getInt("attempts"), instant(rs, "series_started_at")))
                .optional();
    }

    /** How many attempts of the current series have failed, and when the series began. */
    public record RetrySeries(int failedAttempts, Instant startedAt) {
    }

    public Optional<MessageStatus> status(UUID messageId) {
        return jdbc.sql("select id, type, sender, sender_message_id, chain_id, accepted_at from message where id = :id")
                .param("id", messageId)
                .query((rs, n) -> {
                    List<MessageStatus.Delivery> deliveries = deliveries(messageId);
                    return new MessageStatus(
                            messageId,
                            rs.getString("type"),
                            rs.getString("sender"),
                            rs.getString("sender_message_id"),
                            rs.getString("chain_id"),
                            instant(rs, "accepted_at"),
                            MessageStatus.overall(deliveries),
                            deliveries,
                            log.entries(messageId));
                })
                .optional();
    }

    /**
     * The messages a search matches, newest first, a page at a time: by the indexes of V29 within the search's time
     * window, each criterion compared for equality (a recipient and a delivery state through the delivery's primary
     * key). Envelopes and delivery states only.
     */
    public MessageSearch.Page search(MessageSearch search) {
        StringBuilder sql = new StringBuilder("""
                select id, type, sender, sender_message_id, accepted_at from message
                where accepted_at >= :from and accepted_at < :to""");
        Map<String, Object> params = new HashMap<>();
        params.put("from", utc(search.from()));
        params.put("to", utc(search.to()));
        equal(sql, params, "type", search.type());
        equal(sql, params, "sender", search.sender());
        equal(sql, params, "id", search.messageId());
        equal(sql, params, "sender_message_id", search.senderMessageId());
        if (search.recipient() != null || search.status() != null) {
            sql.append(" and exists (select 1 from delivery where delivery.message_id = message.id");
            equal(sql, params, "recipient", search.recipient());
            equal(sql, params, "status", search.status() == null ? null : search.status().name());
            sql.append(")");
        }
        if (search.before() != null) {
            sql.append(" and (accepted_at < :beforeAt or (accepted_at = :beforeAt and id < :beforeId))");
            params.put("beforeAt", utc(search.before().acceptedAt()));
            params.put("beforeId", search.before().messageId());
        }
        // One more than a page: whether there is a next page.
        sql.append(" order by accepted_at desc, id desc fetch first ").append(search.limit() + 1).append(" rows only");
        List<MessageSearch.Found> found = jdbc.sql(sql.toString()).params(params)
                .query((rs, n) -> new MessageSearch.Found(rs.getObject("id", UUID.class), rs.getString("type"), rs.getString("sender"),
                        rs.getString("sender_message_id"), instant(rs, "accepted_at"), new TreeMap<>()))
                .list();
        List<MessageSearch.Found> page = found.subList(0, Math.min(found.size(), search.limit()));
        if (!page.isEmpty()) {
            Map<UUID, MessageSearch.Found> byId = new HashMap<>();
            page.forEach(message -> byId.put(message.messageId(), message));
            jdbc.sql("select message_id, recipient, status from delivery where message_id in (:ids)").param("ids", byId.keySet())
                    .query(rs -> {
                        byId.get(rs.getObject("message_id", UUID.class)).deliveries()
                                .put(rs.getString("recipient"), DeliveryStatus.valueOf(rs.getString("status")));
                    });
        }
        MessageSearch.Found last = page.isEmpty() ? null : page.get(page.size() - 1);
        return new MessageSearch.Page(page, found.size() > search.limit()
                ? new MessageSearch.Position(last.acceptedAt(), last.messageId()) : null);
    }

    /** A condition of the search on a column, when it has a value (the column's name is ours, never the caller's). */
    private static void equal(StringBuilder sql, Map<String, Object> params, String column, Object value) {
        if (value != null) {
            sql.append(" and ").append(column).append(" = :").append(column);
            params.put(column, value);
        }
    }

    /**
     * Per recipient and state, how many deliveries were last changed since {@code earlier} and how many of those since
     * {@code later}: counts of outcomes by the indexed updated_at (delivered, failed and retrying, dead), in one pass,
     * never a message's content.
     */
    public Map<String, Map<DeliveryStatus, OutcomeCounts>> outcomesSince(Instant earlier, Instant later) {
        Map<String, Map<DeliveryStatus, OutcomeCounts>> outcomes = new TreeMap<>();
        jdbc.sql("""
                select recipient, status, count(*) as since_earlier,
                    sum(case when updated_at >= :later then 1 else 0 end) as since_later
                from delivery where updated_at >= :earlier group by recipient, status""")
                .param("earlier", utc(earlier)).param("later", utc(later))
                .query(rs -> {
                    outcomes.computeIfAbsent(rs.getString("recipient"), recipient -> new EnumMap<>(DeliveryStatus.class))
                            .put(DeliveryStatus.valueOf(rs.getString("status")),
                                    new OutcomeCounts(rs.getLong("since_earlier"), rs.getLong("since_later")));
                });
        return outcomes;
    }

    /** Deliveries in one state since the earlier and since the later instant of {@link #outcomesSince}. */
    public record OutcomeCounts(long sinceEarlier, long sinceLater) {
    }

    private List<MessageStatus.Delivery> deliveries(UUID messageId) {
        return jdbc.sql("select * from delivery where message_id = :id order by recipient")
                .param("id", messageId)
                .query(MessageLedger::delivery)
                .list();
    }

    private static MessageStatus.Delivery delivery(ResultSet rs, int row) throws SQLException {
        String categories = rs.getString("data_categories");
        return new MessageStatus.Delivery(
                rs.getString("recipient"),
                DeliveryStatus.valueOf(rs.getString("status")),
                rs.getInt("attempts"),
                failure(rs),
                rs.getString("legal_basis"),
                categories == null || categories.isEmpty() ? List.of() : List.of(categories.split(",")),
                instant(rs, "created_at"),
                instant(rs, "updated_at"),
                instant(rs, "delivered_at"));
    }

    private void insertMessage(Envelope envelope, Subjects.Subject subject, String idempotencyKey, String contentDigest, Instant at) {
        jdbc.sql("""
                insert into message (id, sender, sender_message_id, chain_id, type, accepted_at, subject_key, subject_enc,
                    subject_key_id, idempotency_key, content_digest)
                values (:id, :sender, :senderMessageId, :chainId, :type, :at, :subject, :subjectEnc, :subjectKeyId, :idempotency,
                    :contentDigest)""")
                .param("id", envelope.messageId())
                .param("sender", envelope.sender())
                .param("senderMessageId", envelope.senderMessageId())
                .param("chainId", envelope.chainId())
                .param("type", envelope.type())
                .param("at", utc(at))
                .param("subject", subject == null ? null : subject.key())
                .param("subjectEnc", subject == null || subject.sealed() == null ? null : subject.sealed().ciphertext())
                .param("subjectKeyId", subject == null || subject.sealed() == null ? null : subject.sealed().keyId())
                .param("idempotency", idempotencyKey)
                .param("contentDigest", contentDigest)
                .update();
    }

    /**
     * Sets the status of a delivery not yet made, and its failure unless {@code failure} is null, counting {@code
     * attemptsMade} more; answers its attempts.
     */
    private int updateFailure(UUID messageId, String recipient, DeliveryStatus status, DeliveryFailure failure, int attemptsMade,
            Instant now) {
        String setFailure = failure == null ? ""
                : ", failure_kind = :kind, failure_http_status = :httpStatus, failure_codes = :codes";
        // A delivery given up no longer holds the client's later messages back.
        String setOnTheWay = status == DeliveryStatus.DEAD ? ", subject_key_on_the_way = null" : "";
        var update = jdbc.sql("update delivery set status = :status, attempts = attempts + :made, updated_at = :now" + setFailure
                        + setOnTheWay
                        + " where message_id = :id and recipient = :recipient and status <> 'DELIVERED'")
                .param("status", status.name())
                .param("made", attemptsMade)
                .param("now", utc(now))
                .param("id", messageId)
                .param("recipient", recipient);
        if (failure != null) {
            update = update.param("kind", failure.kind().name())
                    .param("httpStatus", failure.httpStatus(), Types.INTEGER)
                    .param("codes", String.join(CODE_SEPARATOR, failure.codes()));
        }
        update.update();
        return attempts(messageId, recipient);
    }

    private static DeliveryFailure failure(ResultSet rs) throws SQLException {
        String kind = rs.getString("failure_kind");
        if (kind == null) {
            return null;
        }
        String codes = rs.getString("failure_codes");
        return DeliveryFailure.of(DeliveryFailure.Kind.valueOf(kind), rs.getObject("failure_http_status", Integer.class),
                codes == null || codes.isEmpty() ? List.of() : List.of(codes.split(CODE_SEPARATOR)));
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
