package fi.ketju.intake;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Every door speaks UTF-8. {@code new String(bytes, UTF_8)} would quietly turn malformed, overlong or surrogate byte
 * sequences into U+FFFD and let them through; this decoder refuses them instead.
 */
public final class StrictUtf8 {

    private StrictUtf8() {
    }

    /** The body as text, or empty if it is not well-formed UTF-8. */
    public static Optional<String> decode(byte[] body) {
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body)).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }
}
