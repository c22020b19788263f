package fi.ketju.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Prunes by ketju.audit.retention: message bodies after body-days (deleted: keeping them longer is what the
 * limit forbids), audit events after event-years, oldest first. Pruned events are first written to an archive
 * file (gzip JSON lines, with their hashes, so the archive verifies on its own), then a PRUNE checkpoint records
 * the id and hash of the last one pruned, so that verification of what remains starts from it. Each run is
 * itself an audit event.
 *
 * <p>With several hub instances on one database (issue 15) one runs the retention at a time: a run holds the
 * audit-retention lock ({@link SingletonLocks}) throughout, and another instance's run meanwhile is skipped. The
 * events' part (archive, PRUNE checkpoint, delete) holds the audit-chain lock too, so that nothing extends or seals
 * the chain while it is cut.
 */
@Component
class AuditRetention {

    private static final Logger LOG = LoggerFactory.getLogger(AuditRetention.class);
    private static final int PAGE = 5000;

    private final JdbcClient jdbc;
    /** Holds the audit-retention lock while the run's own transactions do the work. */
    private final TransactionTemplate holdingLock;
    private final TransactionTemplate transaction;
    private final SingletonLocks locks;
    private final AuditCheckpoints checkpoints;
    private final AuditTrail trail;
    private final AuditSettings.Retention policy;
    private final ObjectMapper json;
    private final FailureDetails failureDetails;

    AuditRetention(JdbcClient jdbc, PlatformTransactionManager transactions, SingletonLocks locks, AuditCheckpoints checkpoints,
            AuditTrail trail, AuditSettings settings, ObjectMapper json, FailureDetails failureDetails) {
        this.jdbc = jdbc;
        this.holdingLock = new TransactionTemplate(transactions);
        this.transaction = new TransactionTemplate(transactions);
        this.transaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.locks = locks;
        this.checkpoints = checkpoints;
        this.trail = trail;
        this.policy = settings.retention();
        this.json = json;
        this.failureDetails = failureDetails;
    }

    /**
     * {@code failureDetailsDeleted}: what partners answered to failed deliveries, kept as long as the bodies;
     * {@code measureFactsDeleted}: the service-chain measures' facts (fi.ketju.measure), kept as long as the events.
     */
    record Run(int bodiesDeleted, int failureDetailsDeleted, int measureFactsDeleted, int eventsPruned, Path archive) {
    }

    @Scheduled(cron = "${ketju.audit.retention.cron:0 30 3 * * *}")
    void scheduled() {
        run(Instant.now()).ifPresentOrElse(run -> LOG.info("Retention: {} message bodies, {} failure details and {} measure facts deleted, "
                        + "{} audit events pruned{}", run.bodiesDeleted(), run.failureDetailsDeleted(), run.measureFactsDeleted(), run.eventsPruned(),
                        run.archive() == null ? "" : ", archived to " + run.archive()),
                () -> LOG.info("Retention: another hub instance is running it now; this one skipped its run"));
    }

    /**
     * Prunes what the policy lets go as of {@code now}; empty, at once, when another instance (or thread) is running
     * the retention meanwhile.
     */
    Optional<Run> run(Instant now) {
        return Optional.ofNullable(holdingLock.execute(tx -> locks.tryLock(SingletonLocks.AUDIT_RETENTION) ? prune(now) : null))
                .map(this::recorded);
    }

    private Run prune(Instant now) {
        Instant bodiesBefore = now.minus(policy.bodyDays(), ChronoUnit.DAYS);
        int bodies = transaction.execute(tx -> jdbc.sql("delete from message_body where received_at < :before")
                .param("before", MessageLog.utc(bodiesBefore)).update());
        int failureDetailsDeleted = transaction.execute(tx -> failureDetails.deleteBefore(bodiesBefore));
        Instant eventsBefore = now.atOffset(ZoneOffset.UTC).minusYears(policy.eventYears()).toInstant();
        // A fact's recommendations go with it (on delete cascade).
        int facts = transaction.execute(tx -> jdbc.sql("delete from measure_facts where accepted_at < :before")
                .param("before", MessageLog.utc(eventsBefore)).update());
        return transaction.execute(tx -> {
            locks.lock(SingletonLocks.AUDIT_CHAIN);
            return pruneEvents(eventsBefore, bodies, failureDetailsDeleted, facts);
        });
    }

    private Run recorded(Run run) {
        trail.recordHubAction(MessageEvent.RETENTION_RUN, run.bodiesDeleted() + " message bodies and " + run.failureDetailsDeleted()
                + " delivery failure details older than " + policy.bodyDays() + " days deleted; "
                + run.measureFactsDeleted() + " measure facts and " + run.eventsPruned() + " audit events older than "
                + policy.eventYears() + " years pruned"
                + (run.archive() == null ? "" : ", archived to " + run.archive().getFileName()));
        return run;
    }

    /**
     * Archives and deletes the oldest events up to the first one that is not older than {@code before}: always a
     * prefix of the chain, so that what remains is one chain from the PRUNE checkpoint on. In the caller's
     * transaction, under the audit-chain lock.
     */
    private Run pruneEvents(Instant before, int bodies, int failureDetailsDeleted, int facts) {
        Path archive = null;
        TrailEvent last = null;
        int pruned = 0;
        try {
            long from = Long.MIN_VALUE;
            OutputStream out = null;
            try {
                while (true) {
                    List<TrailEvent> page = jdbc.sql("select * from audit_event where id > :from order by id fetch first " + PAGE + " rows only")
                            .param("from", from).query(TrailEvent::read).list();
                    boolean reachedKept = false;
                    for (TrailEvent event : page) {
                        if (!event.occurredAt().isBefore(before)) {
                            reachedKept = true;
                            break;
                        }
                        if (out == null) {
                            Files.createDirectories(policy.archiveDir());
                            archive = policy.archiveDir().resolve("audit-events-from-" + event.id() + "-" + Instant.now().toEpochMilli() + ".jsonl.gz");
                            out = new GZIPOutputStream(Channels.newOutputStream(FileChannel.open(archive, StandardOpenOption.CREATE_NEW,
                                    StandardOpenOption.WRITE, StandardOpenOption.SYNC)));
                        }
                        out.write(json.writeValueAsBytes(event));
                        out.write('\n');
                        last = event;
                        pruned++;
                    }
                    if (reachedKept || page.size() < PAGE) {
                        break;
                    }
                    from = page.get(page.size() - 1).id();
                }
            } finally {
                if (out != null) {
                    out.close();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not archive audit events to " + archive + "; nothing was pruned", e);
        }
        if (last == null) {
            return new Run(bodies, failureDetailsDeleted, facts, 0, null);
        }
        checkpoints.append(AuditCheckpoints.Kind.PRUNE, last.id(), last.hash());
        jdbc.sql("delete from audit_event where id <= :id").param("id", last.id()).update();
        return new Run(bodies, failureDetailsDeleted, facts, pruned, archive);
    }
}
