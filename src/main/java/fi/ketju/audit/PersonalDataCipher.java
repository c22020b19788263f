package fi.ketju.audit;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/**
 * AES-256-GCM for personal data at rest (identity codes, message bodies). A ciphertext is the 12-byte random
 * nonce followed by the encrypted text and its tag; {@code context} (e.g. "subject", a message id) is bound to
 * it as associated data, so a ciphertext copied into another row's context does not decrypt.
 */
@Component
public class PersonalDataCipher {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecureRandom random = new SecureRandom();
    private final String currentKeyId;
    private final Map<String, SecretKey> keys = new HashMap<>();

    PersonalDataCipher(AuditSettings settings) {
        this.currentKeyId = settings.encryptionKeyId();
        settings.previousKeys().forEach((id, key) -> keys.put(id, key(key, "ketju.audit.previous-keys." + id)));
        keys.put(currentKeyId, key(settings.encryptionKey(), "ketju.audit.encryption-key (KETJU_AUDIT_ENCRYPTION_KEY)"));
    }

    /** Encrypted data and the id of the key that encrypted it. */
    public record Sealed(String keyId, byte[] ciphertext) {
    }

    public Sealed seal(String plaintext, String context) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, keys.get(currentKeyId), nonce, context);
            byte[] encrypted = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            return new Sealed(currentKeyId, ByteBuffer.allocate(NONCE_BYTES + encrypted.length).put(nonce).put(encrypted).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    /** @throws IllegalStateException when the key is unknown or the ciphertext or its context was changed */
    public String open(Sealed sealed, String context) {
        SecretKey key = keys.get(sealed.keyId());
        if (key == null) {
            throw new IllegalStateException("no ketju.audit key with id " + sealed.keyId());
        }
        byte[] data = sealed.ciphertext();
        try {
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, key, Arrays.copyOf(data, NONCE_BYTES), context);
            return new String(cipher.doFinal(data, NONCE_BYTES, data.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the ciphertext does not decrypt with key " + sealed.keyId() + " (altered?)", e);
        }
    }

    private static Cipher cipher(int mode, SecretKey key, byte[] nonce, String context) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
        return cipher;
    }

    private static SecretKey key(String base64, String setting) {
        byte[] key;
        try {
            key = base64 == null ? new byte[0] : Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(setting + " must be base64", e);
        }
        if (key.length != 32) {
            throw new IllegalStateException(setting + " must be set: base64 of 32 random bytes (openssl rand -base64 32)");
        }
        return new SecretKeySpec(key, "AES");
    }
}
