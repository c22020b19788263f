package fi.ketju.audit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * ketju.audit: the keys of the audit trail and how long it keeps what. Keys come from the environment in
 * production (application.yaml names the variables); only the sandbox profile has development keys.
 *
 * @param encryptionKey   AES-256 key (base64 of 32 bytes) that encrypts identity codes and message bodies
 * @param encryptionKeyId the id stored beside each ciphertext, so that a key can be rotated
 * @param previousKeys    earlier keys by id: they still decrypt what they encrypted, never encrypt anything new
 * @param sealKey         HMAC-SHA256 key (at least 32 characters) that signs the checkpoints
 * @param sealKeyId       its id, stored in each checkpoint
 * @param lockWait        how long a turn at the singleton work (chaining, sealing, retention) waits for another
 *                        instance's (SingletonLocks)
 * The chainer's and seal's intervals (chain-interval, seal-interval) and the retention job's cron are read by their
 * {@code @Scheduled} methods.
 */
@ConfigurationProperties("ketju.audit")
record AuditSettings(
        String encryptionKey,
        @DefaultValue("1") String encryptionKeyId,
        Map<String, String> previousKeys,
        String sealKey,
        @DefaultValue("1") String sealKeyId,
        @DefaultValue("30s") Duration lockWait,
        @DefaultValue Retention retention) {

    AuditSettings {
        previousKeys = previousKeys == null ? Map.of() : Map.copyOf(previousKeys);
    }

    /**
     * @param bodyDays   days a message body is kept (Client Data Act: as long as needed; replay and investigation)
     * @param eventYears years an audit event is kept (12, the period of Kanta's own logs, domain.md)
     * @param archiveDir where pruned events are archived (gzip JSON lines) before they are deleted
     */
    record Retention(@DefaultValue("30") int bodyDays, @DefaultValue("12") int eventYears,
            @DefaultValue("./data/archive") Path archiveDir) {
    }
}
