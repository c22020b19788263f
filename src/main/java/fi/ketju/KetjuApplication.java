package fi.ketju;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class KetjuApplication {

    public static void main(String[] args) {
        SpringApplication.run(KetjuApplication.class, args);
    }
}
