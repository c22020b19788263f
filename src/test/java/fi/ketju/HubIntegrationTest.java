package fi.ketju;

import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the tests that run the whole hub on its embedded defaults (sandbox partners, in-process
 * Artemis with a journal, H2 file database). Every subclass shares one application context.
 */
@CamelSpringBootTest
// /actuator/prometheus as in production (Spring Boot's tests otherwise replace the Prometheus registry).
@AutoConfigureObservability(tracing = false)
@SpringBootTest(classes = KetjuApplication.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
public abstract class HubIntegrationTest {

    @DynamicPropertySource
    static void hub(DynamicPropertyRegistry registry) {
        HubTestSupport.hubProperties(registry);
    }
}
