package fi.ketju.measure;

import static fi.ketju.web.ApiDocuments.answer;
import static fi.ketju.web.ApiDocuments.inFormat;
import static fi.ketju.web.ApiDocuments.problem;

import fi.ketju.web.ApiContribution;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import org.springframework.stereotype.Component;

/** The analysts' API in the OpenAPI document: the refusals its exception handlers give. */
@Component
class MeasureApiDescription implements ApiContribution {

    @Override
    public void describe(OpenAPI api) {
        Operation report = api.getPaths().get("/api/v1/measures/{id}/report").getGet();
        answer(report, "400", problem("period (YYYY-MM) or organisation (a business id) breaks its rule: errors names it"));
        answer(report, "404", problem("No measure of this id"));
        Operation measure = api.getPaths().get("/fhir/Measure/{id}").getGet();
        answer(measure, "404", inFormat("No measure of this id: an OperationOutcome", MeasureController.FHIR_JSON));
        Operation evaluate = api.getPaths().get("/fhir/Measure/{id}/$evaluate-measure").getGet();
        answer(evaluate, "400", inFormat("A parameter breaks its rule: an OperationOutcome naming it", MeasureController.FHIR_JSON));
        answer(evaluate, "404", inFormat("No measure of this id: an OperationOutcome", MeasureController.FHIR_JSON));
    }
}
