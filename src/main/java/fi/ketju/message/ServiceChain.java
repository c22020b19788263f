package fi.ketju.message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
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
