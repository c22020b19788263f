package fi.ketju.audit;

import fi.ketju.message.DeliveryFailure;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What the hub got when a delivery failed: the recipient's whole answer, or the error of a mapping, a validator or
 * a connection. It may quote the message (a refusal naming the client's identity code), so it is kept like a message
 * body: encrypted, bound to its delivery and attempt, for auditors only, and deleted with the bodies (AuditRetention).
 * Everyone else sees the {@link DeliveryFailure} summary.
 */
@Component
public class FailureDetails {

    /** A detail longer than this is cut: enough to see any error page, not a whole document a partner echoed. */
    private static final int MAX_DETAIL_CHARS = 64 * 1024;

    private final JdbcClient jdbc;
    private final PersonalDataCipher cipher;

    FailureDetails(JdbcClient jdbc, PersonalDataCipher cipher) {
        this.jdbc = jdbc;
        this.cipher = cipher;
    }

    /** One failure's detail as an auditor reads it. */
    public record Kept(String recipient, int attempt, Instant occurredAt, String summary, String detail) {
    }

    /** Keeps the detail of the failure of {@code attempt}, in the caller's transaction; nothing when there is none. */
    public void keep(UUID messageId, String recipient, int attempt, DeliveryFailure failure, String detail, Instant at) {
        if (detail == null) {
            return;
        }
        String kept = detail.length() <= MAX_DETAIL_CHARS ? detail
                : detail.substring(0, MAX_DETAIL_CHARS) + "\n… (" + (detail.length() - MAX_DETAIL_CHARS) + " more characters)";
        PersonalDataCipher.Sealed sealed = cipher.seal(kept, context(messageId, recipient, attempt));
        jdbc.sql("""
                insert into delivery_failure (message_id, recipient, attempt, occurred_at, summary, key_id, detail_enc)
                values (:id, :recipient, :attempt, :at, :summary, :keyId, :detail)""")
                .param("id", messageId)
                .param("recipient", recipient)
                .param("attempt", attempt)
                .param("at", MessageLog.utc(at))
                .param("summary", failure.describe())
                .param("keyId", sealed.keyId())
                .param("detail", sealed.ciphertext())
                .update();
    }

    /** Every failure detail kept for the message, oldest first, decrypted. */
    List<Kept> find(UUID messageId) {
        return jdbc.sql("""
                select recipient, attempt, occurred_at, summary, key_id, detail_enc from delivery_failure
                where message_id = :id order by id""")
                .param("id", messageId)
                .query((rs, n) -> new Kept(rs.getString("recipient"), rs.getInt("attempt"),
                        rs.getObject("occurred_at", OffsetDateTime.class).toInstant(), rs.getString("summary"),
                        cipher.open(new PersonalDataCipher.Sealed(rs.getString("key_id"), rs.getBytes("detail_enc")),
                                context(messageId, rs.getString("recipient"), rs.getInt("attempt")))))
                .list();
    }

    /** Deletes the details of failures before {@code before} (the body retention); answers how many. */
    int deleteBefore(Instant before) {
        return jdbc.sql("delete from delivery_failure where occurred_at < :before").param("before", MessageLog.utc(before)).update();
    }

    private static String context(UUID messageId, String recipient, int attempt) {
        return "delivery-failure:" + messageId + ":" + recipient + ":" + attempt;
    }
}
