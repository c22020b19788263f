package fi.ketju.audit;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Signed checkpoints of the chain (audit_checkpoint). Each records the id and hash of an event and the signature
 * of the checkpoint before it, signed with HMAC-SHA256 under ketju.audit.seal-key.
 *
 * <p>Why HMAC and not a public-key signature: the hub is the only party that writes and verifies the trail, and
 * the threat is someone who can change the database but does not hold the hub's configured secrets (a DBA, a
 * stolen backup): without the key they cannot make a checkpoint that verifies. HMAC needs no key pair handling
 * and is fast. Its limit: whoever holds the key could forge checkpoints, so an external verifier needs the key too;
 * an Ed25519 key pair would let a third party verify with the public key alone and can replace it later (key_id).
 */
@Component
class AuditCheckpoints {

    static final String GENESIS_SIGNATURE = "0".repeat(64);

    /** SEAL: the chain was whole up to the event; PRUNE: the retention job removed every event up to it. */
    enum Kind { SEAL, PRUNE }

    record Checkpoint(long id, Instant createdAt, Kind kind, long lastEventId, String lastEventHash, String prevSignature,
            String keyId, String signature) {
    }

    private final JdbcClient jdbc;
    private final SecretKeySpec key;
    private final String keyId;

    AuditCheckpoints(JdbcClient jdbc, AuditSettings settings) {
        if (settings.sealKey() == null || settings.sealKey().length() < 32) {
            throw new IllegalStateException("ketju.audit.seal-key (KETJU_AUDIT_SEAL_KEY) must be set, at least 32 characters");
        }
        this.jdbc = jdbc;
        this.key = new SecretKeySpec(settings.sealKey().getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        this.keyId = settings.sealKeyId();
    }

    /** Appends a checkpoint after the last one, in the caller's transaction if there is one. */
    Checkpoint append(Kind kind, long lastEventId, String lastEventHash) {
        Optional<Checkpoint> previous = last();
        long id = previous.map(Checkpoint::id).orElse(0L) + 1;
        Instant now = MessageLog.utc(Instant.now()).toInstant();
        String prevSignature = previous.map(Checkpoint::signature).orElse(GENESIS_SIGNATURE);
        Checkpoint checkpoint = new Checkpoint(id, now, kind, lastEventId, lastEventHash, prevSignature, keyId,
                sign(id, now, kind, lastEventId, lastEventHash, prevSignature, keyId));
        jdbc.sql("""
                insert into audit_checkpoint (id, created_at, kind, last_event_id, last_event_hash, prev_signature, key_id, signature)
                values (:id, :at, :kind, :lastEventId, :lastEventHash, :prevSignature, :keyId, :signature)""")
                .param("id", id)
                .param("at", MessageLog.utc(now))
                .param("kind", kind.name())
                .param("lastEventId", lastEventId)
                .param("lastEventHash", lastEventHash)
                .param("prevSignature", prevSignature)
                .param("keyId", keyId)
                .param("signature", checkpoint.signature())
                .update();
        return checkpoint;
    }

    Optional<Checkpoint> last() {
        return jdbc.sql("select * from audit_checkpoint order by id desc fetch first 1 rows only").query(AuditCheckpoints::read).optional();
    }

    Optional<Checkpoint> lastPruned() {
        return jdbc.sql("select * from audit_checkpoint where kind = 'PRUNE' order by id desc fetch first 1 rows only")
                .query(AuditCheckpoints::read).optional();
    }

    List<Checkpoint> all() {
        return jdbc.sql("select * from audit_checkpoint order by id").query(AuditCheckpoints::read).list();
    }

    /** Whether the checkpoint was signed with the seal key and follows the one whose signature is {@code prevSignature}. */
    boolean isGenuine(Checkpoint checkpoint, String prevSignature) {
        return checkpoint.keyId().equals(keyId) && checkpoint.prevSignature().equals(prevSignature)
                && checkpoint.signature().equals(sign(checkpoint.id(), checkpoint.createdAt(), checkpoint.kind(),
                        checkpoint.lastEventId(), checkpoint.lastEventHash(), checkpoint.prevSignature(), checkpoint.keyId()));
    }

    /** HMAC-SHA256 over id|created_at|kind|last_event_id|last_event_hash|prev_signature|key_id. */
    private String sign(long id, Instant createdAt, Kind kind, long lastEventId, String lastEventHash, String prevSignature, String signingKeyId) {
        String form = String.join("|", Long.toString(id), createdAt.toString(), kind.name(), Long.toString(lastEventId),
                lastEventHash, prevSignature, signingKeyId);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal(form.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }

    private static Checkpoint read(ResultSet rs, int row) throws SQLException {
        return new Checkpoint(rs.getLong("id"), rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                Kind.valueOf(rs.getString("kind")), rs.getLong("last_event_id"), rs.getString("last_event_hash"),
                rs.getString("prev_signature"), rs.getString("key_id"), rs.getString("signature"));
    }
}
