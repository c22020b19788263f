package fi.ketju;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.security.servlet.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

// No generated default user: identities come only from ketju.security (see fi.ketju.security).
@SpringBootApplication(exclude = UserDetailsServiceAutoConfiguration.class)
@ConfigurationPropertiesScan
public class KetjuApplication {

    public static void main(String[] args) {
        SpringApplication.run(KetjuApplication.class, args);
    }
}
