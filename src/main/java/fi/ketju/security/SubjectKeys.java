package fi.ketju.security;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * A keyed hash (HMAC-SHA256) of a client's identifier: lets the hub group and find a client's messages
 * without the identity code itself appearing in the broker or the database. The key comes from
 * configuration (ketju.security.subject-key); a plain hash would be reversible, the code space is small.
 */
@Component
public class SubjectKeys {

    private final SecretKeySpec key;

    SubjectKeys(Settings settings) {
        if (settings.subjectKey() == null || settings.subjectKey().length() < 32) {
            throw new IllegalStateException("ketju.security.subject-key (KETJU_SUBJECT_KEY) must be set, at least 32 characters");
        }
        this.key = new SecretKeySpec(settings.subjectKey().getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    /** The key of a canonical message's subject: its HETU, or its temporary id (system|value). */
    public String ofSubject(JsonNode subject) {
        return of(identifier(subject));
    }

    /** The identifier the key is made of: the HETU, or the temporary id as system|value. */
    public static String identifier(JsonNode subject) {
        return subject.hasNonNull("hetu") ? subject.path("hetu").asText()
                : subject.path("temporaryId").path("system").asText() + "|" + subject.path("temporaryId").path("value").asText();
    }

    private String of(String identifier) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal(identifier.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }

    @ConfigurationProperties("ketju.security")
    record Settings(String subjectKey) {
    }
}
