package fi.ketju.measure;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fi.ketju.identity.PersonalIdentityCode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.context.ApplicationContext;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Synthetic service chains with known timings and outcomes: each message is a canonical sample
 * (mappings/canonical/samples/) made to say what the chain needs, for a client with a test identity code (individual
 * number 900-999), accepted on a chosen day (noon in Helsinki), and its facts recorded by MeasureFacts in a
 * transaction of its own, as the doors record them at acceptance. The samples' names and free text stay in: the facts
 * must leave them out.
 */
final class SyntheticChains {

    static final String ORGANISATION_A = "1234567-1";
    static final String ORGANISATION_B = "7654321-2";
    static final String KELA = "0246246-0";
    private static final ZoneId HELSINKI = ZoneId.of("Europe/Helsinki");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MeasureFacts facts;
    private final TransactionTemplate transaction;
    private final ObjectNode referral = sample("referral");
    private final ObjectNode assessment = sample("assessment-summary");
    private final ObjectNode benefit = sample("benefit-status");
    /** Messages not yet recorded: one at a time, except in {@link #batched}. */
    private final List<ObjectNode> pending = new ArrayList<>();
    private int batchSize = 1;

    SyntheticChains(ApplicationContext context) {
        this.facts = context.getBean(MeasureFacts.class);
        this.transaction = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
    }

    /** A test identity code (individual number 900-999), a different one for each n below 3,650,000. */
    static String testHetu(int n) {
        LocalDate birth = LocalDate.of(1950, 1, 1).plusDays(n / 100);
        String stem = String.format("%02d%02d%02d%s%03d", birth.getDayOfMonth(), birth.getMonthValue(), birth.getYear() % 100,
                birth.getYear() < 2000 ? "-" : "A", 900 + n % 100);
        for (char check : "0123456789ABCDEFHJKLMNPRSTUVWXY".toCharArray()) {
            if (PersonalIdentityCode.check(stem + check).valid()) {
                return stem + check;
            }
        }
        throw new IllegalStateException("no check character for " + stem);
    }

    /** A client's chain: its messages share the chain id. */
    Chain chain(int client) {
        return new Chain(testHetu(client), UUID.randomUUID().toString());
    }

    final class Chain {

        final String hetu;
        final String chainId;

        private Chain(String hetu, String chainId) {
            this.hetu = hetu;
            this.chainId = chainId;
        }

        UUID referral(LocalDate day, String service, String urgency, String organisation, String employmentStatus) {
            ObjectNode message = message(referral, day, organisation);
            ObjectNode payload = (ObjectNode) message.path("payload");
            payload.put("service", service).put("urgency", urgency).put("employmentStatus", employmentStatus);
            return record(message);
        }

        /** An assessment summary answering {@code referral} (null: naming none), its conclusion and recommendations. */
        UUID assessment(LocalDate day, UUID referral, String conclusion, String... recommendations) {
            ObjectNode message = message(assessment, day, ORGANISATION_A);
            ObjectNode payload = (ObjectNode) message.path("payload");
            if (referral == null) {
                payload.remove("referralMessageId");
            } else {
                payload.put("referralMessageId", referral.toString());
            }
            ((ObjectNode) payload.path("workAbility")).put("conclusion", conclusion);
            ArrayNode list = payload.putArray("recommendations");
            for (String recommendation : recommendations) {
                list.add(recommendation);
            }
            return record(message);
        }

        /** A benefit status from Kela; {@code paidDays} null for a benefit other than sickness allowance. */
        UUID benefit(LocalDate day, String type, String status, Integer paidDays, boolean employee) {
            ObjectNode message = message(benefit, day, KELA);
            ObjectNode payload = (ObjectNode) message.path("payload");
            payload.put("benefitType", type).put("status", status);
            if (paidDays == null) {
                payload.remove("sicknessAllowance");
            } else {
                payload.putObject("sicknessAllowance").put("paidDays", paidDays).put("isEmployee", employee);
            }
            return record(message);
        }

        private ObjectNode message(ObjectNode template, LocalDate day, String organisation) {
            ObjectNode message = template.deepCopy();
            message.put("messageId", UUID.randomUUID().toString());
            message.put("senderMessageId", "SYN-" + UUID.randomUUID());
            message.put("chainId", chainId);
            message.put("receivedAt", day.atTime(12, 0).atZone(HELSINKI).toInstant().toString());
            ((ObjectNode) message.path("subject")).put("hetu", hetu);
            ((ObjectNode) message.path("sender").path("organisation")).put("businessId", organisation);
            return message;
        }
    }

    /** Records now, or while {@link #batched} runs in transactions of its batch size. */
    private UUID record(ObjectNode message) {
        pending.add(message);
        if (pending.size() >= batchSize) {
            flush();
        }
        return UUID.fromString(message.path("messageId").asText());
    }

    /** Records the chains {@code fill} makes in transactions of {@code size} messages each (the benchmark's fill). */
    void batched(int size, Runnable fill) {
        batchSize = size;
        try {
            fill.run();
        } finally {
            flush();
            batchSize = 1;
        }
    }

    private void flush() {
        transaction.executeWithoutResult(t -> pending.forEach(facts::record));
        pending.clear();
    }

    private static ObjectNode sample(String type) {
        try {
            return (ObjectNode) JSON.readTree(Path.of("mappings", "canonical", "samples", type + ".json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
