package fi.ketju.broker;

import java.util.ArrayList;
import java.util.List;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

/**
 * In the production profile several hub instances share one broker and one database. An H2 file or an embedded
 * broker is one instance's own: what it accepted the others would never see, and it would be lost with that instance's
 * disk. So production refuses to start on either, naming the setting to set (never its value: a URL may hold a
 * password). Checked before any bean is made (registered in META-INF/spring.factories), so that a refused start has
 * not yet created an H2 file or migrated anything.
 */
public class SharedStateCheck implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        Environment environment = context.getEnvironment();
        if (environment.matchesProfiles("production")) {
            List<String> problems = problems(environment);
            if (!problems.isEmpty()) {
                throw new IllegalStateException("The production profile refuses to start: " + String.join("; ", problems));
            }
        }
    }

    static List<String> problems(Environment environment) {
        List<String> problems = new ArrayList<>();
        String database = environment.getProperty("spring.datasource.url", "");
        if (!database.startsWith("jdbc:postgresql:")) {
            problems.add("KETJU_DB_URL (spring.datasource.url) must name PostgreSQL (jdbc:postgresql://host:5432/ketju), "
                    + "the database every instance shares; H2 is for development only");
        }
        if (!EmbeddedBrokerOnlyInEmbeddedMode.isNative(environment.getProperty("spring.artemis.mode"))) {
            problems.add("KETJU_BROKER_MODE (spring.artemis.mode) must be native, with KETJU_BROKER_URL naming the Artemis "
                    + "every instance shares; the embedded broker is for development only");
        } else if (environment.getProperty(EmbeddedBrokerOnlyInEmbeddedMode.EMBEDDED_ENABLED, Boolean.class, false)) {
            problems.add("spring.artemis.embedded.enabled must not be true: an embedded broker keeps a journal of its own");
        }
        return problems;
    }
}
