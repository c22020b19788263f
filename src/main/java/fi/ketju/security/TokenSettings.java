package fi.ketju.security;

import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Static bearer tokens. Only the sandbox profile defines any (application-sandbox.yaml); production
 * configuration has none, so no default credential exists there.
 */
@ConfigurationProperties("ketju.security")
record TokenSettings(Map<String, Grant> tokens) {

    TokenSettings {
        tokens = tokens == null ? Map.of() : Map.copyOf(tokens);
    }

    record Grant(String partner, KetjuPrincipal.Role role) {
    }
}
