package fi.ketju.measure;

import com.fasterxml.jackson.databind.JsonNode;
import fi.ketju.security.SubjectKeys;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/**
 * The client of a measure fact: an HMAC-SHA256 of the client's identifier under a key of its own
 * (ketju.measures.pseudonym-key), not the subject key of the message log. With a key of their own the facts, which
 * outlive the message bodies and are read by analysts, cannot be joined to the message log's subject keys or found by
 * an identity code with the subject key an auditor's search uses; and the key can be destroyed on its own to leave the
 * facts unlinkable to anyone. A plain hash would be reversible: the identity code space is small.
 */
@Component
class ClientPseudonyms {

    private final SecretKeySpec key;

    ClientPseudonyms(MeasureSettings settings) {
        if (settings.pseudonymKey() == null || settings.pseudonymKey().length() < 32) {
            throw new IllegalStateException(
                    "ketju.measures.pseudonym-key (KETJU_MEASURES_PSEUDONYM_KEY) must be set, at least 32 characters");
        }
        this.key = new SecretKeySpec(settings.pseudonymKey().getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    /** The pseudonym of a canonical message's subject (its HETU, or its temporary id). */
    String of(JsonNode subject) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal(SubjectKeys.identifier(subject).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }
}
