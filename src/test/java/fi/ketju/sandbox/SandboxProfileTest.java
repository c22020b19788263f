package fi.ketju.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.ServletRegistrationBean;

import com.fasterxml.jackson.databind.ObjectMapper;

import ca.uhn.fhir.context.FhirContext;

/** The simulated partners exist only under the {@code sandbox} profile. */
class SandboxProfileTest {

    private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
            .withBean(FhirContext.class, FhirContext::forR4)
            .withBean(ObjectMapper.class)
            .withUserConfiguration(SandboxInbox.class, SandboxController.class, HealthCareSandboxConfiguration.class);

    @Test
    void sandboxProfileRegistersPartners() {
        contextRunner.withPropertyValues("spring.profiles.active=sandbox").run(context -> {
            assertThat(context).hasSingleBean(SandboxInbox.class).hasSingleBean(SandboxController.class);
            assertThat(context.getBean("healthCareFhirServlet", ServletRegistrationBean.class).getUrlMappings())
                    .containsExactly("/sandbox/health-care/fhir/*");
        });
    }

    @Test
    void withoutSandboxProfileNothingIsRegistered() {
        contextRunner.run(context -> assertThat(context)
                .doesNotHaveBean(SandboxInbox.class)
                .doesNotHaveBean(SandboxController.class)
                .doesNotHaveBean(ServletRegistrationBean.class));
    }
}
