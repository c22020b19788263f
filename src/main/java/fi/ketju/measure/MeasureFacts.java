package fi.ketju.measure;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Records, when a door accepts a message, the few facts the service-chain measures need (V30): its kind and day, the
 * codes (service, urgency, employment status, work ability conclusion and recommendations, benefit type and status,
 * paid sickness allowance days, employee or not), the sending organisation, the chain and the referral an assessment
 * summary answers, and the client's pseudonym. Never an identity code, a name or free text. Days are counted in
 * ketju.measures.zone (a month of a report is a Finnish calendar month) and stored as days since 1970-01-01.
 */
@Component
public class MeasureFacts {

    private final JdbcClient jdbc;
    private final ClientPseudonyms pseudonyms;
    private final MeasureSettings settings;

    MeasureFacts(JdbcClient jdbc, ClientPseudonyms pseudonyms, MeasureSettings settings) {
        this.jdbc = jdbc;
        this.pseudonyms = pseudonyms;
        this.settings = settings;
    }

    /**
     * Records the facts of an accepted canonical message, in the caller's transaction (the door's: a message the
     * database does not take leaves no facts, and a resend, answered before it gets here, none twice).
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void record(JsonNode canonical) {
        UUID messageId = UUID.fromString(canonical.path("messageId").asText());
        Instant acceptedAt = Instant.parse(canonical.path("receivedAt").asText());
        String kind = canonical.path("type").asText();
        String chainId = canonical.path("chainId").asText();
        JsonNode payload = canonical.path("payload");
        JsonNode allowance = payload.path("sicknessAllowance");
        jdbc.sql("""
                insert into measure_facts (message_id, accepted_at, event_kind, event_day, client, chain_id, answers_referral,
                    sender_partner, organisation, service, urgency, employment_status, conclusion, benefit_type, benefit_status,
                    paid_days, employee, period_start_day, period_end_day)
                values (:id, :acceptedAt, :kind, :day, :client, :chain, :answers, :partner, :organisation, :service, :urgency,
                    :employment, :conclusion, :benefitType, :benefitStatus, :paidDays, :employee, :periodStart, :periodEnd)""")
                .param("id", messageId)
                .param("acceptedAt", OffsetDateTime.ofInstant(acceptedAt, ZoneOffset.UTC))
                .param("kind", kind)
                .param("day", acceptedAt.atZone(settings.zone()).toLocalDate().toEpochDay())
                .param("client", pseudonyms.of(canonical.path("subject")))
                .param("chain", chainId)
                .param("answers", "assessment-summary".equals(kind) ? answered(payload, chainId) : null)
                .param("partner", canonical.path("sender").path("partner").asText())
                .param("organisation", canonical.path("sender").path("organisation").path("businessId").asText())
                .param("service", code(payload, "service"))
                .param("urgency", code(payload, "urgency"))
                .param("employment", code(payload, "employmentStatus"))
                .param("conclusion", code(payload.path("workAbility"), "conclusion"))
                .param("benefitType", code(payload, "benefitType"))
                .param("benefitStatus", code(payload, "status"))
                .param("paidDays", allowance.has("paidDays") ? allowance.path("paidDays").asInt() : null, Types.INTEGER)
                .param("employee", allowance.has("isEmployee") ? (allowance.path("isEmployee").asBoolean() ? 1 : 0) : null,
                        Types.INTEGER)
                .param("periodStart", day(payload.path("period").path("start")), Types.INTEGER)
                .param("periodEnd", day(payload.path("period").path("end")), Types.INTEGER)
                .update();
        Set<String> recommendations = new LinkedHashSet<>();
        payload.path("recommendations").forEach(recommendation -> recommendations.add(recommendation.asText()));
        for (String recommendation : recommendations) {
            jdbc.sql("insert into measure_recommendations (message_id, recommendation) values (:id, :recommendation)")
                    .param("id", messageId).param("recommendation", recommendation).update();
        }
    }

    /**
     * The referral an assessment summary answers: the one it names (payload.referralMessageId) if the hub has its facts,
     * else the latest referral of its chain (ServiceChain put it in the referral's chain), else none.
     */
    private UUID answered(JsonNode payload, String chainId) {
        JsonNode named = payload.path("referralMessageId");
        if (named.isTextual()) {
            UUID referral = UUID.fromString(named.asText());
            if (jdbc.sql("select count(*) from measure_facts where message_id = :id and event_kind = 'referral'")
                    .param("id", referral).query(Integer.class).single() > 0) {
                return referral;
            }
        }
        return jdbc.sql("""
                select message_id from measure_facts where chain_id = :chain and event_kind = 'referral'
                order by accepted_at desc fetch first 1 rows only""")
                .param("chain", chainId).query(UUID.class).optional().orElse(null);
    }

    /** A code of the payload (every field read here is an enumeration of the canonical schema), or null. */
    private static String code(JsonNode node, String field) {
        return node.path(field).isTextual() ? node.path(field).asText() : null;
    }

    private static Long day(JsonNode date) {
        return date.isTextual() ? LocalDate.parse(date.asText()).toEpochDay() : null;
    }
}
