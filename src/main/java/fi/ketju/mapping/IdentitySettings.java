package fi.ketju.mapping;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Whether temporary and test identity codes (individual number 900-999) pass the doors. */
@ConfigurationProperties("ketju.identity")
public record IdentitySettings(boolean acceptTestCodes) {
}
