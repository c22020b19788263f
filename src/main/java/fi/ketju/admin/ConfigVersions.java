package fi.ketju.admin;

import fi.ketju.audit.SingletonLocks;
import fi.ketju.web.RefusedRequestException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The versions of routes and mappings (tables config_version, config_in_force): the repository's files are
 * version 1, each deploy adds one, and what is in force survives a restart.
 *
 * <p>Several hub instances share these tables (issue 15): every change takes the singleton lock config-versions
 * first (migration V25), so the next version number is read and claimed by one transaction at a time, and an
 * instance that waited sees what the one before it recorded. Changes are few and short, so one lock for all is enough.
 */
@Component
class ConfigVersions {

    /** Who wrote a version that came from the repository's files rather than through the admin API. */
    static final String REPOSITORY = "repository";

    enum Kind { ROUTE, MAPPING }

    record Version(String id, int version, String content, String checksum, String author, String reason, Instant createdAt) {
    }

    record InForce(Version version, boolean suspended, String changedBy, Instant changedAt) {
    }

    /** The row of singleton_lock that every change of these tables takes first. */
    static final String LOCK = "config-versions";

    private final JdbcClient jdbc;
    private final SingletonLocks locks;
    private final TransactionTemplate transactions;

    ConfigVersions(JdbcClient jdbc, SingletonLocks locks, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.locks = locks;
        this.transactions = new TransactionTemplate(transactions);
    }

    /** What a deploy does here once its version is recorded; it throws to record nothing. */
    @FunctionalInterface
    interface Here {
        void putInForce(Version recorded);
    }

    /**
     * Records a checked content as the next version in force, provided the version in force is still the one it was
     * checked against ({@code checkedAgainst}); then has {@code here} put it in force on this instance, in the same
     * transaction, so that a refusal changes nothing here and a failure here records nothing. Refused with a 409
     * when another admin or instance changed the version in force meanwhile: the deploy was not checked against it,
     * and it should not silently replace a change its author has not seen.
     */
    Version deploy(Kind kind, String id, int checkedAgainst, String content, String author, String reason, Here here) {
        return transactions.execute(status -> {
            try {
                locks.lock(LOCK);
            } catch (CannotAcquireLockException e) {
                throw RefusedRequestException.conflict("id", "change-in-progress", kind.name().toLowerCase(Locale.ROOT)
                        + " " + id + ": another change of the routes or mappings is being put in force; validate again and retry");
            }
            // A locking read: the row as the last change committed it. H2 can wake this transaction from the lock above
            // a moment before the other's commit is visible to a plain read (on PostgreSQL a plain read would do).
            int inForce = jdbc.sql("select version from config_in_force where kind = :kind and id = :id for update")
                    .param("kind", kind.name()).param("id", id).query(Integer.class).optional().orElse(0);
            if (inForce != checkedAgainst) {
                throw RefusedRequestException.conflict("version", "in-force-changed", kind.name().toLowerCase(Locale.ROOT)
                        + " " + id + ": version " + inForce + " was put in force since this deploy was checked against version "
                        + checkedAgainst + " (another admin or hub instance); nothing changed here. Validate again against"
                        + " version " + inForce + " and deploy again if it still applies.");
            }
            Version recorded = add(kind, id, content, author, reason);
            here.putInForce(recorded);
            return recorded;
        });
    }

    /**
     * Takes the repository's file into account: a content the database has never seen becomes a new version in
     * force (the repository moved on; the first time, version 1); otherwise what was deployed stays in force.
     */
    @Transactional
    InForce adopt(Kind kind, String id, String fileContent) {
        locks.lock(LOCK);
        String checksum = checksum(fileContent);
        Optional<InForce> current = inForce(kind, id);
        boolean known = jdbc.sql("select count(*) from config_version where kind = :kind and id = :id and checksum = :checksum")
                .param("kind", kind.name()).param("id", id).param("checksum", checksum).query(Integer.class).single() > 0;
        if (current.isPresent() && known) {
            return current.get();
        }
        add(kind, id, fileContent, REPOSITORY, current.isEmpty() ? "the repository's file" : "changed in the repository");
        return inForce(kind, id).orElseThrow();
    }

    /**
     * Takes the repository's file as the one in force, for a file the hub reads only at start: its version if the
     * database has seen its content, else a new version.
     */
    @Transactional
    InForce adoptAsRead(Kind kind, String id, String fileContent) {
        locks.lock(LOCK);
        String checksum = checksum(fileContent);
        Optional<InForce> current = inForce(kind, id);
        if (current.isPresent() && current.get().version().checksum().equals(checksum)) {
            return current.get();
        }
        Optional<Integer> known = jdbc.sql("""
                select version from config_version where kind = :kind and id = :id and checksum = :checksum
                order by version desc""")
                .param("kind", kind.name()).param("id", id).param("checksum", checksum).query(Integer.class).list()
                .stream().findFirst();
        if (known.isPresent()) {
            putInForce(kind, id, known.get(), REPOSITORY);
        } else {
            add(kind, id, fileContent, REPOSITORY, current.isEmpty() ? "the repository's file" : "changed in the repository");
        }
        return inForce(kind, id).orElseThrow();
    }

    /** Adds a version and puts it in force (not suspended). */
    @Transactional
    Version add(Kind kind, String id, String content, String author, String reason) {
        locks.lock(LOCK);
        int version = jdbc.sql("select coalesce(max(version), 0) + 1 from config_version where kind = :kind and id = :id")
                .param("kind", kind.name()).param("id", id).query(Integer.class).single();
        Instant now = Instant.now();
        jdbc.sql("""
                insert into config_version (kind, id, version, content, checksum, author, reason, created_at)
                values (:kind, :id, :version, :content, :checksum, :author, :reason, :at)""")
                .param("kind", kind.name()).param("id", id).param("version", version).param("content", content)
                .param("checksum", checksum(content)).param("author", author).param("reason", reason).param("at", utc(now))
                .update();
        putInForce(kind, id, version, author);
        return find(kind, id, version).orElseThrow();
    }

    @Transactional
    void putInForce(Kind kind, String id, int version, String by) {
        locks.lock(LOCK);
        int updated = jdbc.sql("""
                update config_in_force set version = :version, suspended = false, changed_by = :by, changed_at = :at
                where kind = :kind and id = :id""")
                .param("kind", kind.name()).param("id", id).param("version", version).param("by", by).param("at", utc(Instant.now()))
                .update();
        if (updated == 0) {
            jdbc.sql("""
                    insert into config_in_force (kind, id, version, suspended, changed_by, changed_at)
                    values (:kind, :id, :version, false, :by, :at)""")
                    .param("kind", kind.name()).param("id", id).param("version", version).param("by", by).param("at", utc(Instant.now()))
                    .update();
        }
    }

    /**
     * Records a route suspended or resumed, then has {@code here} suspend or resume it on this instance, in the same
     * transaction: a failure here records nothing, and the other instances follow only what was recorded.
     */
    @Transactional
    void setSuspended(Kind kind, String id, boolean suspended, String by, Runnable here) {
        setSuspended(kind, id, suspended, by);
        here.run();
    }

    @Transactional
    void setSuspended(Kind kind, String id, boolean suspended, String by) {
        locks.lock(LOCK);
        jdbc.sql("update config_in_force set suspended = :suspended, changed_by = :by, changed_at = :at where kind = :kind and id = :id")
                .param("kind", kind.name()).param("id", id).param("suspended", suspended).param("by", by)
                .param("at", utc(Instant.now())).update();
    }

    Optional<InForce> inForce(Kind kind, String id) {
        return jdbc.sql("""
                select v.*, f.suspended, f.changed_by, f.changed_at from config_in_force f
                join config_version v on v.kind = f.kind and v.id = f.id and v.version = f.version
                where f.kind = :kind and f.id = :id""")
                .param("kind", kind.name()).param("id", id)
                .query((rs, row) -> new InForce(version(rs), rs.getBoolean("suspended"), rs.getString("changed_by"),
                        instant(rs, "changed_at")))
                .optional();
    }

    /** What is in force of one file: its version's checksum, and whether it is held (a suspended route). */
    record Fingerprint(String checksum, boolean suspended) {

        static Fingerprint of(InForce inForce) {
            return new Fingerprint(inForce.version().checksum(), inForce.suspended());
        }
    }

    /** What is in force of every file of a kind, by id: one query, for an instance to see what another changed. */
    Map<String, Fingerprint> fingerprintsInForce(Kind kind) {
        Map<String, Fingerprint> fingerprints = new TreeMap<>();
        jdbc.sql("""
                select f.id, v.checksum, f.suspended from config_in_force f
                join config_version v on v.kind = f.kind and v.id = f.id and v.version = f.version
                where f.kind = :kind""")
                .param("kind", kind.name())
                .query((rs, row) -> fingerprints.put(rs.getString("id"),
                        new Fingerprint(rs.getString("checksum"), rs.getBoolean("suspended"))))
                .list();
        return fingerprints;
    }

    Optional<Version> find(Kind kind, String id, int version) {
        return jdbc.sql("select * from config_version where kind = :kind and id = :id and version = :version")
                .param("kind", kind.name()).param("id", id).param("version", version)
                .query((rs, row) -> version(rs)).optional();
    }

    /** Every version, newest first. */
    List<Version> history(Kind kind, String id) {
        return jdbc.sql("select * from config_version where kind = :kind and id = :id order by version desc")
                .param("kind", kind.name()).param("id", id)
                .query((rs, row) -> version(rs)).list();
    }

    /** The latest versions of any route or mapping, newest first: what changed lately (the console's overview). */
    List<Change> latest(int limit) {
        return jdbc.sql("select * from config_version order by created_at desc, version desc fetch first :limit rows only")
                .param("limit", limit)
                .query((rs, row) -> new Change(Kind.valueOf(rs.getString("kind")), version(rs))).list();
    }

    record Change(Kind kind, Version version) {
    }

    /** An admin's reason, as an audit event's text ends with it. */
    static String because(String reason) {
        return reason == null || reason.isBlank() ? "" : "; reason: " + reason;
    }

    static String checksum(String content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static Version version(ResultSet rs) throws SQLException {
        return new Version(rs.getString("id"), rs.getInt("version"), rs.getString("content"), rs.getString("checksum"),
                rs.getString("author"), rs.getString("reason"), instant(rs, "created_at"));
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
