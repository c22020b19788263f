package fi.ketju.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fi.ketju.KetjuApplication;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The production profile does not start on H2 or on an embedded broker, and says what to set, never the value. */
class SharedStateCheckTest {

    private static final String POSTGRESQL = "spring.datasource.url=jdbc:postgresql://db:5432/ketju";
    private static final String NATIVE = "spring.artemis.mode=native";

    private final ApplicationContextRunner hub = new ApplicationContextRunner().withInitializer(new SharedStateCheck());

    @Test
    void productionOnH2RefusesToStartNamingTheSetting() {
        hub.withPropertyValues("spring.profiles.active=production", NATIVE,
                        "spring.datasource.url=jdbc:h2:file:/data/db/ketju;PASSWORD=secret-in-url")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .hasMessageContaining("KETJU_DB_URL (spring.datasource.url) must name PostgreSQL")
                        .message().doesNotContain("secret-in-url").doesNotContain("jdbc:h2"));
    }

    @Test
    void aRefusedStartHasCreatedNoDatabaseFile(@TempDir Path dataDir) {
        assertThatThrownBy(() -> new SpringApplicationBuilder(KetjuApplication.class).run("--spring.profiles.active=production",
                "--spring.datasource.url=jdbc:h2:file:" + dataDir.resolve("db/ketju"), "--ketju.data-dir=" + dataDir))
                .hasMessageContaining("KETJU_DB_URL (spring.datasource.url) must name PostgreSQL");
        assertThat(dataDir).isEmptyDirectory();
    }

    @Test
    void productionOnTheEmbeddedBrokerRefusesToStartNamingTheSetting() {
        hub.withPropertyValues("spring.profiles.active=production", POSTGRESQL, "spring.artemis.mode=embedded")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .hasMessageContaining("KETJU_BROKER_MODE (spring.artemis.mode) must be native"));
        hub.withPropertyValues("spring.profiles.active=production", POSTGRESQL, NATIVE, "spring.artemis.embedded.enabled=true")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .hasMessageContaining("spring.artemis.embedded.enabled must not be true"));
    }

    @Test
    void productionOnPostgreSqlAndAnExternalBrokerStarts() {
        hub.withPropertyValues("spring.profiles.active=production", POSTGRESQL, NATIVE)
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void theSandboxStartsOnItsEmbeddedDefaults() {
        hub.withPropertyValues("spring.profiles.active=sandbox", "spring.datasource.url=jdbc:h2:mem:x", "spring.artemis.mode=embedded")
                .run(context -> assertThat(context).hasNotFailed());
    }
}
