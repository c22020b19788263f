package fi.ketju.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;

/**
 * One row of the chained audit trail (audit_event).
 *
 * <p>The canonical form its hash is computed over, SHA-256 in lower-case hex: the fields below, in this order,
 * each written as its length in UTF-8 bytes, a colon and its UTF-8 bytes, an absent field as a single "-":
 * id (decimal), prev_hash, occurred_at (ISO-8601 in UTC, e.g. 2026-01-02T10:15:30.123456Z), event_type, outcome,
 * message_id, chain_id, message_type, partner, recipient, subject_key, subject_enc (base64), subject_key_id,
 * requester, requester_user, purpose, legal_basis, data_categories, data_ids, detail. The lengths make the form
 * unambiguous; the ciphertext (not the identity code) is hashed, so verifying needs no decryption key.
 */
record TrailEvent(long id, Instant occurredAt, MessageEvent type, MessageEvent.Outcome outcome, UUID messageId,
        String chainId, String messageType, String partner, String recipient, String subjectKey, byte[] subjectEnc,
        String subjectKeyId, String requester, String requesterUser, String purpose, String legalBasis,
        String dataCategories, String dataIds, String detail, String prevHash, String hash) {

    /** The prev_hash of the first event of a chain never pruned. */
    static final String GENESIS = "0".repeat(64);

    /** This event with its place in the chain and its hash, after the event whose hash is {@code prevHash}. */
    TrailEvent chained(long newId, String newPrevHash) {
        TrailEvent placed = new TrailEvent(newId, occurredAt, type, outcome, messageId, chainId, messageType, partner,
                recipient, subjectKey, subjectEnc, subjectKeyId, requester, requesterUser, purpose, legalBasis,
                dataCategories, dataIds, detail, newPrevHash, null);
        return new TrailEvent(newId, occurredAt, type, outcome, messageId, chainId, messageType, partner,
                recipient, subjectKey, subjectEnc, subjectKeyId, requester, requesterUser, purpose, legalBasis,
                dataCategories, dataIds, detail, newPrevHash, placed.computeHash());
    }

    /** SHA-256 over the canonical form (see the class comment). */
    String computeHash() {
        StringBuilder form = new StringBuilder(512);
        for (Object field : new Object[] {id, prevHash, occurredAt, type, outcome, messageId, chainId, messageType, partner,
                recipient, subjectKey, subjectEnc == null ? null : Base64.getEncoder().encodeToString(subjectEnc),
                subjectKeyId, requester, requesterUser, purpose, legalBasis, dataCategories, dataIds, detail}) {
            if (field == null) {
                form.append('-');
            } else {
                String text = field.toString();
                form.append(text.getBytes(StandardCharsets.UTF_8).length).append(':').append(text);
            }
        }
        return sha256(form.toString());
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }

    static TrailEvent read(ResultSet rs, int row) throws SQLException {
        return new TrailEvent(
                rs.getLong("id"),
                rs.getObject("occurred_at", OffsetDateTime.class).toInstant(),
                MessageEvent.valueOf(rs.getString("event_type")),
                MessageEvent.Outcome.valueOf(rs.getString("outcome")),
                rs.getObject("message_id", UUID.class),
                rs.getString("chain_id"),
                rs.getString("message_type"),
                rs.getString("partner"),
                rs.getString("recipient"),
                rs.getString("subject_key"),
                rs.getBytes("subject_enc"),
                rs.getString("subject_key_id"),
                rs.getString("requester"),
                rs.getString("requester_user"),
                rs.getString("purpose"),
                rs.getString("legal_basis"),
                rs.getString("data_categories"),
                rs.getString("data_ids"),
                rs.getString("detail"),
                rs.getString("prev_hash"),
                rs.getString("hash"));
    }
}
