package fi.ketju.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * A secret can be a file (Docker and Kubernetes secrets): each file in KETJU_SECRETS_DIR is the variable named after
 * it, as application.yaml imports it. Only the configuration is loaded here, not the hub.
 */
class SecretFilesTest {

    @Configuration(proxyBeanMethods = false)
    static class NoBeans {
    }

    @Test
    void aSecretFileSetsTheVariableNamedAfterIt(@TempDir Path secrets) throws IOException {
        Files.writeString(secrets.resolve("KETJU_SUBJECT_KEY"), "a-subject-key-from-a-secret-file-0123456789");

        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(NoBeans.class)
                .web(WebApplicationType.NONE)
                .profiles("production")
                // The production form the profile checks for before anything else (SharedStateCheck).
                .properties("KETJU_SECRETS_DIR=" + secrets + "/", "spring.main.banner-mode=off",
                        "KETJU_DB_URL=jdbc:postgresql://db:5432/ketju", "KETJU_BROKER_MODE=native")
                .run()) {
            assertThat(context.getEnvironment().getProperty("ketju.security.subject-key"))
                    .isEqualTo("a-subject-key-from-a-secret-file-0123456789");
        }
    }
}
