package fi.ketju.audit;

import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The accepted canonical messages kept encrypted (message_body), for replay and investigation. */
@Component
class MessageBodies {

    private final JdbcClient jdbc;
    private final PersonalDataCipher cipher;

    MessageBodies(JdbcClient jdbc, PersonalDataCipher cipher) {
        this.jdbc = jdbc;
        this.cipher = cipher;
    }

    Optional<String> find(UUID messageId) {
        return jdbc.sql("select key_id, body_enc from message_body where message_id = :id")
                .param("id", messageId)
                .query((rs, n) -> new PersonalDataCipher.Sealed(rs.getString("key_id"), rs.getBytes("body_enc")))
                .optional()
                .map(sealed -> cipher.open(sealed, messageId.toString()));
    }
}
