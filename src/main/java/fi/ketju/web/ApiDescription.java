package fi.ketju.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import io.swagger.v3.oas.models.tags.Tag;
import java.util.Arrays;
import java.util.List;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI 3.1 document of the hub at /v3/api-docs: every API of its partners, auditors and admins (not the
 * console's pages), one tag per {@link Audience}. springdoc reads the controllers; each feature adds what their
 * signatures cannot say ({@link ApiContribution}: the doors' message schemas from mappings/, their answers), and the
 * last step here tags each operation with its audience and adds the refusals the security filters give before any
 * controller (401, 403, and 429 for partners).
 */
@Configuration(proxyBeanMethods = false)
class ApiDescription {

    static final String BEARER = "bearer";
    static final String MUTUAL_TLS = "mutualTLS";

    @Bean
    OpenAPI ketjuApi() {
        return new OpenAPI()
                .info(new Info().title("Ketju").version("v1").description("""
                        The service-chain hub of the wellbeing services counties. Partner systems send their messages \
                        to their family's door and follow each message by its status; auditors read the audit trail; \
                        admins change routes and mappings. The JSON doors' request bodies are the JSON Schemas under \
                        mappings/ that the doors validate with; the FHIR door is described by its CapabilityStatement \
                        (/fhir/metadata), the X-Road door by its XML Schema. Refusals name the field and the rule: \
                        RFC 9457 problem+json, a FHIR OperationOutcome or a SOAP fault, in the door's own format."""))
                // Relative: the document is right on whichever host serves it (and the same on every instance).
                .servers(List.of(new Server().url("/")))
                .components(new Components()
                        .addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                                .bearerFormat("JWT").description("""
                                        An OAuth2 access token (JWT) from the issuer the hub trusts; its claims name the \
                                        role (partner, admin, auditor or analyst) and a partner's id. The sandbox profile \
                                        also takes its development tokens: sandbox-social-care, sandbox-employment, \
                                        sandbox-health-care, sandbox-kela, sandbox-admin, sandbox-auditor, \
                                        sandbox-analyst."""))
                        .addSecuritySchemes(MUTUAL_TLS, new SecurityScheme().type(SecurityScheme.Type.MUTUALTLS).description("""
                                A client certificate enrolled for a partner (ketju.security.client-certificates), \
                                as X-Road members authenticate.""")))
                .security(List.of(new SecurityRequirement().addList(BEARER), new SecurityRequirement().addList(MUTUAL_TLS)))
                .tags(Arrays.stream(Audience.values()).map(a -> new Tag().name(a.tag()).description(a.description())).toList());
    }

    @Bean
    OpenApiCustomizer ketjuApiContributions(List<ApiContribution> contributions) {
        return api -> {
            api.getComponents().addSchemas(ApiDocuments.PROBLEM, ApiDocuments.problemSchema());
            contributions.forEach(contribution -> contribution.describe(api));
            api.getPaths().forEach((path, item) -> item.readOperations().forEach(operation -> audience(path, operation)));
        };
    }

    /**
     * Operation ids a generated client's methods are named after, unique across controllers: the controller's name and
     * the method's (deadLetterList, routeList), unless the method names its own.
     */
    @Bean
    OperationCustomizer ketjuOperationIds() {
        return (operation, handler) -> {
            if (handler.getMethod().getName().equals(operation.getOperationId())) {
                String controller = handler.getBeanType().getSimpleName().replaceFirst("Controller$", "");
                operation.setOperationId(Character.toLowerCase(controller.charAt(0)) + controller.substring(1)
                        + Character.toUpperCase(operation.getOperationId().charAt(0)) + operation.getOperationId().substring(1));
            }
            return operation;
        };
    }

    /** The operation's audience tag (replacing springdoc's per-controller tags), and the filters' refusals. */
    private static void audience(String path, Operation operation) {
        Audience.of(path).ifPresent(audience -> {
            operation.setTags(List.of(audience.tag()));
            boolean open = operation.getSecurity() != null && operation.getSecurity().isEmpty();
            if (!open) {
                ApiDocuments.answer(operation, "401", ApiDocuments.unauthenticated());
                ApiDocuments.answer(operation, "403", ApiDocuments.problem("This identity may not use this operation"));
                if (audience.rateLimited()) {
                    ApiDocuments.answer(operation, "429", ApiDocuments.tooManyRequests());
                }
            }
        });
    }
}
