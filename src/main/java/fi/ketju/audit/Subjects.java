package fi.ketju.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import fi.ketju.security.SubjectKeys;
import org.springframework.stereotype.Component;

/** A client's identifier as the database may hold it: its keyed hash (to find it) and its ciphertext (to show it). */
@Component
public class Subjects {

    /** The associated data of every subject ciphertext. */
    static final String CONTEXT = "subject";

    private final SubjectKeys keys;
    private final PersonalDataCipher cipher;

    Subjects(SubjectKeys keys, PersonalDataCipher cipher) {
        this.keys = keys;
        this.cipher = cipher;
    }

    /** A data subject: the keyed hash of its identifier and the identifier encrypted. */
    public record Subject(String key, PersonalDataCipher.Sealed sealed) {
    }

    /** The subject of a canonical message ({@code subject}: its HETU or temporary id). */
    public Subject of(JsonNode subject) {
        return new Subject(keys.ofSubject(subject), cipher.seal(SubjectKeys.identifier(subject), CONTEXT));
    }

    /** A person by identity code (checked by the caller). */
    Subject ofHetu(String hetu) {
        return of(JsonNodeFactory.instance.objectNode().put("hetu", hetu));
    }

    /** The keyed hash alone: what a search by person compares. */
    String keyOfHetu(String hetu) {
        return keys.ofSubject(JsonNodeFactory.instance.objectNode().put("hetu", hetu));
    }

    /** The identifier in plain text: for auditors only. */
    String open(PersonalDataCipher.Sealed sealed) {
        return cipher.open(sealed, CONTEXT);
    }
}
