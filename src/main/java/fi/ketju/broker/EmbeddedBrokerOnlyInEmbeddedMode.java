package fi.ketju.broker;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Spring Boot starts its embedded broker whatever spring.artemis.mode says (spring.artemis.embedded.enabled defaults to
 * true). A hub on an external broker (native) must keep no broker and no journal of its own: what reached it would be
 * seen by no other instance. So in native mode the embedded broker is off, unless that setting is given explicitly.
 * Runs after application.yaml and the profiles are read (ConfigDataEnvironmentPostProcessor), so the mode is resolved.
 */
public class EmbeddedBrokerOnlyInEmbeddedMode implements EnvironmentPostProcessor, Ordered {

    static final String EMBEDDED_ENABLED = "spring.artemis.embedded.enabled";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (isNative(environment.getProperty("spring.artemis.mode")) && !environment.containsProperty(EMBEDDED_ENABLED)) {
            environment.getPropertySources().addLast(new MapPropertySource("ketju-broker-mode", Map.of(EMBEDDED_ENABLED, false)));
        }
    }

    static boolean isNative(String mode) {
        return mode != null && mode.trim().equalsIgnoreCase("native");
    }

    @Override
    public int getOrder() {
        return ConfigDataEnvironmentPostProcessor.ORDER + 1;
    }
}
