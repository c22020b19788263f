package fi.ketju.message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Optional;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** What the hub knows about a client's service chain, for routing decisions in the route files. */
@Component("serviceChain")
public class ServiceChain {

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    ServiceChain(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /**
     * The service chain a message continues when its sender names none: an assessment summary continues the
     * chain of the referral it answers; an assessment summary answering no known referral, and a benefit status
     * (Kela does not know the hub's chains), join the client's latest chain. A referral starts a new chain.
     */
    public Optional<String> continuedBy(JsonNode canonical, String subjectKey) {
        String type = canonical.path("type").asText();
        if ("referral".equals(type)) {
            return Optional.empty();
        }
        JsonNode referral = canonical.path("payload").path("referralMessageId");
        if (referral.isTextual()) {
            Optional<String> referralChain = jdbc.sql("select chain_id from message where id = :id")
                    .param("id", UUID.fromString(referral.asText())).query(String.class).optional();
            if (referralChain.isPresent()) {
                return referralChain;
            }
        }
        // The newest only, and no open result stream: a stream left unclosed would keep its connection from the pool.
        // Ordered by the whole index (subject_key, accepted_at), read backwards: H2 then reads one row, not every message
        // the person ever had (ordered by accepted_at alone it read them all: 5,000 for one person in the benchmark).
        return jdbc.sql("select chain_id from message where subject_key = :key"
                        + " order by subject_key desc, accepted_at desc fetch first 1 rows only")
                .param("key", subjectKey).query(String.class).optional();
    }

    /** The partner family that sent the referral an assessment summary answers (payload.referralMessageId), or "". */
    public String referrerOf(Exchange exchange) throws IOException {
        JsonNode referral = json.readTree(exchange.getMessage().getBody(String.class)).path("payload").path("referralMessageId");
        if (!referral.isTextual()) {
            return "";
        }
        return jdbc.sql("select sender from message where id = :id and type = 'referral'")
                .param("id", UUID.fromString(referral.asText()))
                .query(String.class)
                .optional()
                .orElse("");
    }
}
