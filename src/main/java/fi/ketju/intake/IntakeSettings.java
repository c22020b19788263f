package fi.ketju.intake;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Limits at the doors. */
@ConfigurationProperties("ketju.intake")
public record IntakeSettings(int maxBodyBytes) {
}
