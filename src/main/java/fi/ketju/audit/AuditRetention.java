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
import java.util.zip.GZIPOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Prunes by ketju.audit.retention: message bodies after body-days (deleted: keeping them longer is what the
 * limit forbids), audit events after event-years, oldest first. Pruned events are first written to an archive
 * file (gzip JSON lines, with their hashes, so the archive verifies on its own), then a PRUNE checkpoint records
 * the id and hash of the last one pruned, so that verification of what remains starts from it. Each run is
 * itself an audit event.
 */
@Component
class AuditRetention {

    private static final Logger LOG = LoggerFactory.getLogger(AuditRetention.class);
    private static final int PAGE = 5000;

    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final AuditChainer chainer;
    private final AuditCheckpoints checkpoints;
    private final AuditTrail trail;
    private final AuditSettings.Retention policy;
    private final ObjectMapper json;
    private final FailureDetails failureDetails;

    AuditRetention(JdbcClient jdbc, PlatformTransactionManager transactions, AuditChainer chainer, AuditCheckpoints checkpoints,
            AuditTrail trail, AuditSettings settings, ObjectMapper json, FailureDetails failureDetails) {
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactions);
        this.chainer = chainer;
        this.checkpoints = checkpoints;
        this.trail = trail;
        this.policy = settings.retention();
        this.json = json;
        this.failureDetails = failureDetails;
    }

    /** {@code failureDetailsDeleted}: what partners answered to failed deliveries, kept as long as the bodies. */
    record Run(int bodiesDeleted, int failureDetailsDeleted, int eventsPruned, Path archive) {
    }

    @Scheduled(cron = "${ketju.audit.retention.cron:0 30 3 * * *}")
    void scheduled() {
        Run run = run(Instant.now());
        LOG.info("Retention: {} message bodies and {} failure details deleted, {} audit events pruned{}", run.bodiesDeleted(),
                run.failureDetailsDeleted(), run.eventsPruned(),
                run.archive() == null ? "" : ", archived to " + run.archive());
    }

    /** Prunes what the policy lets go as of {@code now}. */
    Run run(Instant now) {
        Instant bodiesBefore = now.minus(policy.bodyDays(), ChronoUnit.DAYS);
        int bodies = jdbc.sql("delete from message_body where received_at < :before")
                .param("before", MessageLog.utc(bodiesBefore)).update();
        int failureDetailsDeleted = failureDetails.deleteBefore(bodiesBefore);
        Instant eventsBefore = now.atOffset(ZoneOffset.UTC).minusYears(policy.eventYears()).toInstant();
        Run run = chainer.exclusively(() -> pruneEvents(eventsBefore, bodies, failureDetailsDeleted));
        trail.recordHubAction(MessageEvent.RETENTION_RUN, bodies + " message bodies and " + run.failureDetailsDeleted()
                + " delivery failure details older than " + policy.bodyDays() + " days deleted; "
                + run.eventsPruned() + " audit events older than " + policy.eventYears() + " years pruned"
                + (run.archive() == null ? "" : ", archived to " + run.archive().getFileName()));
        return run;
    }

    /**
     * Archives and deletes the oldest events up to the first one that is not older than {@code before}: always a
     * prefix of the chain, so that what remains is one chain from the PRUNE checkpoint on.
     */
    private Run pruneEvents(Instant before, int bodies, int failureDetailsDeleted) {
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
            return new Run(bodies, failureDetailsDeleted, 0, null);
        }
        TrailEvent cut = last;
        transaction.executeWithoutResult(tx -> {
            checkpoints.append(AuditCheckpoints.Kind.PRUNE, cut.id(), cut.hash());
            jdbc.sql("delete from audit_event where id <= :id").param("id", cut.id()).update();
        });
        return new Run(bodies, failureDetailsDeleted, pruned, archive);
    }
}
