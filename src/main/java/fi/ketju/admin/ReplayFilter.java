package fi.ketju.admin;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Which dead letters of a recipient to replay; an absent criterion matches every message. */
record ReplayFilter(String type, String reasonContains, Instant deadBefore) {

    static final ReplayFilter EVERYTHING = new ReplayFilter(null, null, null);

    boolean matches(DeadLetter deadLetter) {
        return (type == null || type.equals(deadLetter.type()))
                && (reasonContains == null || (deadLetter.reason() != null && deadLetter.reason().contains(reasonContains)))
                && (deadBefore == null || deadLetter.deadLetteredAt().isBefore(deadBefore));
    }

    /** The criteria given, for the message log, e.g. "type referral, reason contains 'HTTP 422'". */
    String describe() {
        List<String> criteria = new ArrayList<>();
        if (type != null) {
            criteria.add("type " + type);
        }
        if (reasonContains != null) {
            criteria.add("reason contains '" + reasonContains + "'");
        }
        if (deadBefore != null) {
            criteria.add("dead before " + deadBefore);
        }
        return criteria.isEmpty() ? "all dead letters" : String.join(", ", criteria);
    }
}
