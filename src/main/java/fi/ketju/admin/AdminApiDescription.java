package fi.ketju.admin;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI description of the admin API, served at /v3/api-docs (springdoc.paths-to-match limits it to /api/v1/admin). */
@Configuration(proxyBeanMethods = false)
class AdminApiDescription {

    @Bean
    OpenAPI adminApi() {
        return new OpenAPI()
                .info(new Info().title("Ketju admin API").version("v1").description("""
                        Routes and mappings in force; validate, deploy, roll back, suspend and resume routes; history and \
                        export; dead letters. Every call needs a bearer token with the admin role, and every action is an \
                        audit event. Errors are RFC 9457 problem+json naming the field (or line) and the rule."""))
                .components(new Components().addSecuritySchemes("bearer",
                        new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")))
                .addSecurityItem(new SecurityRequirement().addList("bearer"));
    }
}
