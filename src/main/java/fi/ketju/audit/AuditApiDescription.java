package fi.ketju.audit;

import static fi.ketju.web.ApiDocuments.answer;
import static fi.ketju.web.ApiDocuments.problem;
import static fi.ketju.web.ApiDocuments.typed;

import fi.ketju.web.ApiContribution;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.QueryParameter;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;

/**
 * The auditors' API in the OpenAPI document: the search's parameters one by one ({@link AuditFilter} reads them from one
 * map, which springdoc cannot see into), and the refusals {@link AuditProblems} gives.
 */
@Component
class AuditApiDescription implements ApiContribution {

    private static final String BASE = "/api/v1/audit";

    @Override
    public void describe(OpenAPI api) {
        search(api.getPaths().get(BASE + "/events").getGet(), "before", "limit");
        search(api.getPaths().get(BASE + "/events/export").getGet(), "before", "limit", "format")
                .summary("The search exported: format=fhir, a FHIR R4 searchset Bundle of BALP AuditEvents; format=csv");
        api.getPaths().forEach((path, item) -> {
            if (path.startsWith(BASE)) {
                item.readOperations().stream().filter(operation -> operation.getParameters() != null && !operation.getParameters().isEmpty())
                        .forEach(operation -> answer(operation, "400", problem("A parameter breaks its rule: errors names it and the rule")));
            }
        });
        Stream.of("/AuditEvent/{id}", "/messages/{id}/body").forEach(path -> answer(api.getPaths().get(BASE + path).getGet(), "404",
                problem("No such event, or no body kept (past ketju.audit.retention.body-days)")));
    }

    private static Operation search(Operation operation, String... paging) {
        operation.getParameters().removeIf(parameter -> "params".equals(parameter.getName()));
        new TreeSet<>(AuditFilter.FILTERS).forEach(name -> operation.addParametersItem(parameter(name, "A filter; all given must match")));
        Arrays.stream(paging).filter(AuditFilter.PAGING::contains)
                .forEach(name -> operation.addParametersItem(parameter(name, "Paging: the link in next gives the following page")));
        return operation;
    }

    private static QueryParameter parameter(String name, String description) {
        Schema<?> schema = switch (name) {
            case "messageId" -> typed("string").format("uuid");
            case "from", "to" -> typed("string").format("date-time");
            case "before" -> typed("integer").format("int64");
            case "limit" -> typed("integer").minimum(BigDecimal.ONE).maximum(BigDecimal.valueOf(AuditFilter.MAX_LIMIT));
            case "format" -> typed("string")._enum(List.<Object>of("fhir", "csv"));
            case "eventType" -> typed("string")._enum(Arrays.stream(MessageEvent.values()).<Object>map(Enum::name).toList());
            case "person" -> typed("string").description("The client's personal identity code: what happened to their data");
            default -> typed("string");
        };
        return (QueryParameter) new QueryParameter().name(name).required(false).description(description).schema(schema);
    }
}
