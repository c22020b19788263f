package fi.ketju.audit;

import fi.ketju.HubTestSupport;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The auditors' search on a large trail: fills a database with bench.audit-events chained events (default a
 * million; 50,000 persons, 200,000 messages over a year, four partners; the messages' rows too) and times the first page (50 events,
 * newest first, decrypted as the API answers them) of each filter.
 *
 * <pre>mvn -Pbench test-compile exec:exec@audit-search-benchmark [-Dbench.audit-db=h2|postgresql]</pre>
 *
 * H2 is a file database under target/, as the hub runs it; postgresql is an embedded PostgreSQL 16 (io.zonky).
 */
public final class AuditSearchBenchmark {

    private static final String[] PARTNERS = {"social-care", "health-care", "employment", "kela"};
    private static final String[] TYPES = {"referral", "assessment-summary", "benefit-status"};
    private static final MessageEvent[] STEPS = {MessageEvent.RECEIVED, MessageEvent.ROUTED, MessageEvent.TRANSLATED, MessageEvent.DELIVERED};
    private static final int PERSONS = 50_000;
    private static final int RUNS = 7;

    public static void main(String[] args) throws Exception {
        int events = Integer.getInteger("bench.audit-events", 1_000_000);
        String database = System.getProperty("bench.audit-db", "h2");
        Path dir = Files.createDirectories(Path.of("target", "audit-bench-" + database)).toAbsolutePath();
        EmbeddedPostgres postgres = database.equals("postgresql") ? EmbeddedPostgres.builder().start() : null;
        String[] datasource = postgres != null
                ? new String[] {"spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"), "spring.datasource.username=postgres"}
                : new String[] {"spring.datasource.url=jdbc:h2:file:" + dir.resolve("db-" + UUID.randomUUID()) + ";AUTO_SERVER=FALSE;DB_CLOSE_ON_EXIT=FALSE"};
        try (ConfigurableApplicationContext context = AuditStore.start(dir.resolve("archive"), datasource)) {
            Sample sample = fill(context, events);
            // A database in service has statistics (PostgreSQL's autovacuum, H2's automatic ANALYZE): gather them now.
            long analyzed = System.nanoTime();
            context.getBean(JdbcClient.class).sql(postgres != null ? "analyze audit_event" : "analyze").update();
            System.out.printf(Locale.ROOT, "Statistics gathered in %.1f s%n", (System.nanoTime() - analyzed) / 1e9);
            System.out.printf(Locale.ROOT, "%nAudit search on %,d events (%s): first page of 50, newest first, decrypted;"
                    + " the first run, then median and worst of %d runs%n", events, database, RUNS);
            AuditSearch search = context.getBean(AuditSearch.class);
            Map<String, Map<String, String>> filters = new LinkedHashMap<>();
            filters.put("none (newest events)", Map.of());
            filters.put("person", Map.of("person", sample.hetu()));
            filters.put("chainId", Map.of("chainId", sample.chainId()));
            filters.put("messageId", Map.of("messageId", sample.messageId().toString()));
            filters.put("partner", Map.of("partner", "kela"));
            filters.put("recipient", Map.of("recipient", "employment"));
            filters.put("messageType", Map.of("messageType", "benefit-status"));
            filters.put("eventType (common)", Map.of("eventType", "DELIVERED"));
            filters.put("eventType (rare)", Map.of("eventType", "DEAD_LETTERED"));
            filters.put("time range (a day, mid-year)", Map.of("from", sample.midYear().toString(),
                    "to", sample.midYear().plus(Duration.ofDays(1)).toString()));
            filters.put("time range (a day, oldest)", Map.of("from", sample.oldest().toString(),
                    "to", sample.oldest().plus(Duration.ofDays(1)).toString()));
            filters.put("person + eventType", Map.of("person", sample.hetu(), "eventType", "DELIVERED"));
            filters.put("partner + time range", Map.of("partner", "kela", "from", sample.midYear().toString(),
                    "to", sample.midYear().plus(Duration.ofDays(1)).toString()));
            filters.put("second page (before)", Map.of("before", String.valueOf(events - 60)));
            for (Map.Entry<String, Map<String, String>> filter : filters.entrySet()) {
                AuditFilter parsed = AuditFilter.parse(filter.getValue(), AuditFilter.MAX_LIMIT);
                long[] nanos = new long[RUNS];
                int found = 0;
                for (int run = 0; run < RUNS; run++) {
                    // A bound that changes nothing but differs from run to run: H2 would answer a repeated query from its cache.
                    AuditFilter thisRun = parsed.after((parsed.before() == null ? events + 1 : parsed.before()) + run);
                    long start = System.nanoTime();
                    found = search.search(thisRun).stream().map(search::view).toList().size();
                    nanos[run] = System.nanoTime() - start;
                }
                long first = nanos[0];
                Arrays.sort(nanos);
                System.out.printf(Locale.ROOT, "  %-30s %3d events  first %7.1f ms  median %7.1f ms  worst %7.1f ms%n", filter.getKey(),
                        found, first / 1e6, nanos[RUNS / 2] / 1e6, nanos[RUNS - 1] / 1e6);
            }
            long start = System.nanoTime();
            AuditVerifier.Verification verification = context.getBean(AuditVerifier.class).verify();
            System.out.printf(Locale.ROOT, "  verify: intact=%s, %,d events in %.1f s%n", verification.intact(),
                    verification.eventsChecked(), (System.nanoTime() - start) / 1e9);
        } finally {
            if (postgres != null) {
                postgres.close();
            }
        }
    }

    /** One person's identifiers, and times half-way through the year and at its start, to search by. */
    private record Sample(String hetu, String chainId, UUID messageId, Instant midYear, Instant oldest) {
    }

    /** Fills the trail with chained events as the chainer writes them, in batches. */
    private static Sample fill(ConfigurableApplicationContext context, int events) {
        JdbcClient jdbc = context.getBean(JdbcClient.class);
        PlatformTransactionManager transactions = context.getBean(PlatformTransactionManager.class);
        JdbcTemplate jdbcTemplate = context.getBean(JdbcTemplate.class);
        AuditChainer chainer = new AuditChainer(jdbc, jdbcTemplate, transactions,
                context.getBean(AuditCheckpoints.class), context.getBean(SingletonLocks.class));
        Subjects subjects = context.getBean(Subjects.class);
        TransactionTemplate transaction = new TransactionTemplate(transactions);
        Instant yearAgo = Instant.now().minus(Duration.ofDays(365));
        long step = Duration.ofDays(365).toNanos() / events;
        Subjects.Subject[] persons = new Subjects.Subject[PERSONS];
        String[] hetus = new String[PERSONS];
        for (int p = 0; p < PERSONS; p++) {
            hetus[p] = HubTestSupport.testHetu(p % 36_500);
            persons[p] = subjects.ofHetu(hetus[p]);
        }
        long started = System.nanoTime();
        String prevHash = TrailEvent.GENESIS;
        List<TrailEvent> batch = new ArrayList<>();
        List<Object[]> messages = new ArrayList<>();
        Sample sample = null;
        UUID messageId = null;
        int person = 0;
        for (int id = 1; id <= events; id++) {
            int stepOfMessage = (id - 1) % 5;
            int message = (id - 1) / 5;
            if (stepOfMessage == 0) {
                messageId = UUID.randomUUID();
                person = (int) ((id * 2_654_435_761L) % PERSONS);
                messages.add(new Object[] {messageId, PARTNERS[message % PARTNERS.length], "m-" + message, "chain-" + person,
                        TYPES[message % TYPES.length], MessageLog.utc(yearAgo.plusNanos(step * id)), persons[person].key()});
            }
            // Four steps and, for every fiftieth message, a failure; otherwise a fifth step the auditors made.
            MessageEvent type = stepOfMessage < 4 ? STEPS[stepOfMessage]
                    : message % 50 == 0 ? MessageEvent.DEAD_LETTERED : MessageEvent.AUDIT_SEARCH;
            String sender = PARTNERS[message % PARTNERS.length];
            String recipient = stepOfMessage >= 2 ? PARTNERS[(message + 1) % PARTNERS.length] : null;
            Subjects.Subject subject = persons[person];
            TrailEvent event = new TrailEvent(0, yearAgo.plusNanos(step * id).truncatedTo(ChronoUnit.MICROS), type,
                    // An auditor's search names the person it was about, and no message.
                    type.outcome(), type == MessageEvent.AUDIT_SEARCH ? null : messageId, "chain-" + person, TYPES[message % TYPES.length], sender, recipient, subject.key(),
                    subject.sealed().ciphertext(), subject.sealed().keyId(), sender, null, "referral within the client's service chain",
                    stepOfMessage >= 2 ? "consent given 2026-01-01 covering " + recipient : null,
                    stepOfMessage >= 2 ? "functioning,benefit-context" : null, "hub message " + messageId, "step " + stepOfMessage,
                    null, null).chained(id, prevHash);
            prevHash = event.hash();
            batch.add(event);
            if (id == events / 2) {
                sample = new Sample(hetus[person], "chain-" + person, messageId, event.occurredAt(), yearAgo);
            }
            if (batch.size() == 5000 || id == events) {
                List<TrailEvent> toInsert = List.copyOf(batch);
                List<Object[]> messagesToInsert = List.copyOf(messages);
                transaction.executeWithoutResult(tx -> {
                    // The events' messages, as the hub's door stores them: the search finds a person's events through them.
                    jdbcTemplate.batchUpdate("insert into message (id, sender, sender_message_id, chain_id, type, accepted_at, subject_key)"
                            + " values (?, ?, ?, ?, ?, ?, ?)", messagesToInsert);
                    chainer.insert(toInsert);
                });
                batch.clear();
                messages.clear();
            }
        }
        System.out.printf(Locale.ROOT, "Filled %,d events in %.0f s%n", events, (System.nanoTime() - started) / 1e9);
        return sample;
    }
}
