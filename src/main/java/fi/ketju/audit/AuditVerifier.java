package fi.ketju.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Recomputes the chain: every checkpoint's signature and link to the one before, then every event from where the
 * last pruning cut the chain (or from the first) to the head: no id missing, each prev_hash the hash of the event
 * before, each hash the hash of the event's canonical form, each checkpoint's event still as it was sealed, and
 * no checkpoint beyond the last event (the tail deleted).
 */
@Component
public class AuditVerifier {

    private static final int PAGE = 5000;

    private final JdbcClient jdbc;
    private final AuditCheckpoints checkpoints;

    AuditVerifier(JdbcClient jdbc, AuditCheckpoints checkpoints) {
        this.jdbc = jdbc;
        this.checkpoints = checkpoints;
    }

    /** Where the chain breaks first: an event (by its id in the chain) or a checkpoint, and why. */
    public record Break(String kind, long id, String reason) {

        static Break event(long id, String reason) {
            return new Break("event", id, reason);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Verification(boolean intact, long eventsChecked, Long firstEventId, Long lastEventId, int checkpoints,
            Long sealedUpTo, Break firstBroken) {
    }

    /**
     * Verifies the trail as it is. A retention run's cut (PRUNE checkpoint and delete, one transaction, perhaps on
     * another hub instance) that commits between reading the checkpoints and reading the events would show as events
     * missing: a break found while the checkpoints changed meanwhile is verified again.
     */
    Verification verify() {
        for (int attempt = 1; ; attempt++) {
            List<AuditCheckpoints.Checkpoint> all = checkpoints.all();
            Verification verification = verify(all);
            if (verification.intact() || attempt == 3 || checkpoints.all().equals(all)) {
                return verification;
            }
        }
    }

    private Verification verify(List<AuditCheckpoints.Checkpoint> all) {
        String prevSignature = AuditCheckpoints.GENESIS_SIGNATURE;
        long start = 1;
        String prevHash = TrailEvent.GENESIS;
        Map<Long, AuditCheckpoints.Checkpoint> sealedAt = new HashMap<>();
        long sealedUpTo = 0;
        for (AuditCheckpoints.Checkpoint checkpoint : all) {
            if (!checkpoints.isGenuine(checkpoint, prevSignature)) {
                return broken(0, null, null, all.size(), new Break("checkpoint", checkpoint.id(),
                        "the checkpoint's signature does not verify, or it does not follow the checkpoint before it"));
            }
            prevSignature = checkpoint.signature();
            if (checkpoint.kind() == AuditCheckpoints.Kind.PRUNE) {
                start = checkpoint.lastEventId() + 1;
                prevHash = checkpoint.lastEventHash();
            }
            sealedAt.put(checkpoint.lastEventId(), checkpoint);
            sealedUpTo = Math.max(sealedUpTo, checkpoint.lastEventId());
        }

        long expected = start;
        long checked = 0;
        while (true) {
            List<TrailEvent> page = jdbc.sql("select * from audit_event where id >= :from order by id fetch first " + PAGE + " rows only")
                    .param("from", expected)
                    .query(TrailEvent::read)
                    .list();
            for (TrailEvent event : page) {
                Break problem = check(event, expected, prevHash, sealedAt.get(event.id()));
                if (problem != null) {
                    return broken(checked, start, expected - 1, all.size(), problem);
                }
                prevHash = event.hash();
                expected++;
                checked++;
            }
            if (page.size() < PAGE) {
                break;
            }
        }
        long last = expected - 1;
        if (sealedUpTo > last) {
            return broken(checked, start, last, all.size(), Break.event(last + 1,
                    "missing: the chain ends at event " + last + " but a checkpoint sealed it up to event " + sealedUpTo
                            + " (events deleted at the tail)"));
        }
        return new Verification(true, checked, checked == 0 ? null : start, checked == 0 ? null : last, all.size(),
                sealedUpTo == 0 ? null : sealedUpTo, null);
    }

    private static Break check(TrailEvent event, long expected, String prevHash, AuditCheckpoints.Checkpoint checkpoint) {
        if (event.id() != expected) {
            return Break.event(expected, "missing: the next event present is " + event.id() + " (events deleted)");
        }
        if (!event.prevHash().equals(prevHash)) {
            return Break.event(event.id(), "prev_hash is not the hash of the event before it (an event before it was changed or replaced)");
        }
        if (!event.computeHash().equals(event.hash())) {
            return Break.event(event.id(), "the hash does not match the event's content (the event was changed)");
        }
        if (checkpoint != null && !checkpoint.lastEventHash().equals(event.hash())) {
            return Break.event(event.id(), "the event is not the one checkpoint " + checkpoint.id() + " sealed (rewritten chain)");
        }
        return null;
    }

    private static Verification broken(long checked, Long first, Long last, int checkpointCount, Break problem) {
        return new Verification(false, checked, first, last, checkpointCount, null, problem);
    }
}
