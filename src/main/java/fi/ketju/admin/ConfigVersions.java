package fi.ketju.admin;

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
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The versions of routes and mappings (tables config_version, config_in_force): the repository's files are
 * version 1, each deploy adds one, and what is in force survives a restart.
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

    private final JdbcClient jdbc;

    ConfigVersions(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Takes the repository's file into account: a content the database has never seen becomes a new version in
     * force (the repository moved on; the first time, version 1); otherwise what was deployed stays in force.
     */
    @Transactional
    InForce adopt(Kind kind, String id, String fileContent) {
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

    void setSuspended(Kind kind, String id, boolean suspended, String by) {
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
