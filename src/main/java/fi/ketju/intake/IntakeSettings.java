package fi.ketju.intake;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Limits at the doors: the body's size, and for the JSON doors how deep a document may nest, how long one string and
 * one number may be; and the Retry-After a door gives when its broker or database cannot take a message just now.
 */
@ConfigurationProperties("ketju.intake")
public record IntakeSettings(int maxBodyBytes, int maxJsonDepth, int maxJsonStringLength, int maxJsonNumberLength,
        Duration retryAfter) {

    /** Retry-After in whole seconds, at least one. */
    public long retryAfterSeconds() {
        return Math.max(1, retryAfter.toSeconds());
    }
}
