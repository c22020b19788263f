package fi.ketju.security;

import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The console's own form sign-in users (ketju.console.users.<name>: password, role). Only the sandbox profile defines
 * any; production signs people in through OpenID Connect, and has form users only if an operator configures them.
 */
@ConfigurationProperties("ketju.console")
public record ConsoleUsers(Map<String, User> users) {

    public ConsoleUsers {
        users = users == null ? Map.of() : Map.copyOf(users);
    }

    /** A person's role only: a partner system has no console. */
    public record User(String password, KetjuPrincipal.Role role) {
    }
}
