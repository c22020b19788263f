package fi.ketju.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** AES-GCM at rest: what is sealed opens only in its own context, and a rotated key still opens what it sealed. */
class PersonalDataCipherTest {

    private static final String OLD_KEY = Base64.getEncoder().encodeToString("old-key-old-key-old-key-old-key!".getBytes());
    private static final String NEW_KEY = Base64.getEncoder().encodeToString("new-key-new-key-new-key-new-key!".getBytes());

    @Test
    void sealedDataOpensInItsContextOnlyAndEachSealDiffers() {
        PersonalDataCipher cipher = cipher(OLD_KEY, "1", Map.of());

        PersonalDataCipher.Sealed sealed = cipher.seal("010181-900C", "subject");

        assertThat(new String(sealed.ciphertext())).doesNotContain("010181-900C");
        assertThat(cipher.open(sealed, "subject")).isEqualTo("010181-900C");
        assertThat(cipher.seal("010181-900C", "subject").ciphertext()).isNotEqualTo(sealed.ciphertext());
        assertThatThrownBy(() -> cipher.open(sealed, "some other message")).isInstanceOf(IllegalStateException.class);
        sealed.ciphertext()[20] ^= 1;
        assertThatThrownBy(() -> cipher.open(sealed, "subject")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void afterRotationTheOldKeyStillOpensWhatItSealedAndTheNewKeySeals() {
        PersonalDataCipher.Sealed old = cipher(OLD_KEY, "1", Map.of()).seal("010181-900C", "subject");

        PersonalDataCipher rotated = cipher(NEW_KEY, "2", Map.of("1", OLD_KEY));

        assertThat(rotated.open(old, "subject")).isEqualTo("010181-900C");
        assertThat(rotated.seal("010181-900C", "subject").keyId()).isEqualTo("2");
        assertThatThrownBy(() -> cipher(NEW_KEY, "2", Map.of()).open(old, "subject")).hasMessageContaining("no ketju.audit key with id 1");
    }

    @Test
    void aMissingOrShortKeyStopsTheHub() {
        assertThatThrownBy(() -> cipher(null, "1", Map.of())).hasMessageContaining("KETJU_AUDIT_ENCRYPTION_KEY");
        assertThatThrownBy(() -> cipher(Base64.getEncoder().encodeToString(new byte[16]), "1", Map.of()))
                .hasMessageContaining("32 random bytes");
    }

    private static PersonalDataCipher cipher(String key, String keyId, Map<String, String> previous) {
        return new PersonalDataCipher(new AuditSettings(key, keyId, previous, "x".repeat(32), "1",
                Duration.ofSeconds(30), new AuditSettings.Retention(30, 12, Path.of("archive"))));
    }
}
