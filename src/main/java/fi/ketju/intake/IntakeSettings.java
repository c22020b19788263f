package fi.ketju.intake;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Limits at the doors: the body's size, and for the JSON doors how deep a document may nest, how long one string and
 * one number may be.
 */
@ConfigurationProperties("ketju.intake")
public record IntakeSettings(int maxBodyBytes, int maxJsonDepth, int maxJsonStringLength, int maxJsonNumberLength) {
}
