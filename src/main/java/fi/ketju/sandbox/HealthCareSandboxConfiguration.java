package fi.ketju.sandbox;

import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.server.RestfulServer;

/** The simulated health-care partner: a real HAPI FHIR server, so the hub talks to it as to a real one. */
@Configuration(proxyBeanMethods = false)
@Profile("sandbox")
class HealthCareSandboxConfiguration {

    static final String FHIR_BASE_PATH = "/sandbox/health-care/fhir";

    @Bean
    ServletRegistrationBean<RestfulServer> healthCareFhirServlet(FhirContext fhirContext, SandboxInbox inbox) {
        RestfulServer server = new RestfulServer(fhirContext);
        server.setDefaultResponseEncoding(EncodingEnum.JSON);
        server.registerProvider(new HealthCareMessageProvider(inbox));
        ServletRegistrationBean<RestfulServer> registration =
                new ServletRegistrationBean<>(server, FHIR_BASE_PATH + "/*");
        registration.setName("sandboxHealthCareFhir");
        // Initialise at startup so a provider binding error fails the start, not the first request.
        registration.setLoadOnStartup(1);
        return registration;
    }
}
