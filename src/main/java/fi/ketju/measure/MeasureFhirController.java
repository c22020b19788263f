package fi.ketju.measure;

import ca.uhn.fhir.context.FhirContext;
import fi.ketju.web.RefusedRequestException;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The measures on the FHIR endpoint, for FHIR tools: GET /fhir/Measure/{id} (the Measure as declared) and
 * GET /fhir/Measure/{id}/$evaluate-measure?periodStart&periodEnd (dates, both included; reportType summary only),
 * answering a MeasureReport. Refusals are OperationOutcomes naming the parameter.
 */
@RestController
class MeasureFhirController {

    private final Measures measures;
    private final MeasureReports reports;
    private final FhirContext fhir;

    MeasureFhirController(Measures measures, MeasureReports reports, FhirContext fhir) {
        this.measures = measures;
        this.reports = reports;
        this.fhir = fhir;
    }

    @GetMapping(path = "/fhir/Measure/{id}", produces = MeasureController.FHIR_JSON)
    String measure(@PathVariable String id) {
        return fhir.newJsonParser().encodeResourceToString(measures.measure(id).resource());
    }

    @GetMapping(path = "/fhir/Measure/{id}/$evaluate-measure", produces = MeasureController.FHIR_JSON)
    String evaluate(@PathVariable String id, @RequestParam(required = false) String periodStart,
            @RequestParam(required = false) String periodEnd, @RequestParam(required = false) String reportType,
            @RequestParam(required = false) String organisation) {
        if (reportType != null && !"summary".equals(reportType)) {
            throw RefusedRequestException.invalid("reportType", "summary-only", "only summary reports are made: no report names a person");
        }
        return fhir.newJsonParser().encodeResourceToString(
                reports.fhir(measures.days(id, "periodStart", periodStart, "periodEnd", periodEnd, organisation)));
    }

    @ExceptionHandler
    ResponseEntity<String> refused(RefusedRequestException e) {
        OperationOutcome outcome = new OperationOutcome();
        outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR)
                .setCode(e.status() == HttpStatus.NOT_FOUND ? OperationOutcome.IssueType.NOTFOUND
                        : OperationOutcome.IssueType.INVALID)
                .setDiagnostics(e.field() + " (" + e.rule() + "): " + e.getMessage())
                .addExpression(e.field());
        return ResponseEntity.status(e.status()).contentType(MediaType.parseMediaType(MeasureController.FHIR_JSON))
                .body(fhir.newJsonParser().encodeResourceToString(outcome));
    }
}
