package fi.ketju.measure;

import ca.uhn.fhir.context.FhirContext;
import fi.ketju.web.RefusedRequestException;
import java.util.List;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * GET /api/v1/measures and a measure's report for a calendar month: a FHIR MeasureReport (application/fhir+json, the
 * default) or CSV (text/csv). Bad parameters are refused as problem+json naming the parameter and the rule.
 */
@RestController
class MeasureController {

    static final String FHIR_JSON = "application/fhir+json";
    static final String CSV = "text/csv";

    private final Measures measures;
    private final MeasureReports reports;
    private final FhirContext fhir;

    MeasureController(Measures measures, MeasureReports reports, FhirContext fhir) {
        this.measures = measures;
        this.reports = reports;
        this.fhir = fhir;
    }

    @GetMapping("/api/v1/measures")
    List<Measures.Summary> list() {
        return measures.list();
    }

    @GetMapping(path = "/api/v1/measures/{id}/report", produces = FHIR_JSON)
    String fhirReport(@PathVariable String id, @RequestParam(required = false) String period,
            @RequestParam(required = false) String organisation) {
        return fhir.newJsonParser().encodeResourceToString(reports.fhir(measures.month(id, period, organisation)));
    }

    @GetMapping(path = "/api/v1/measures/{id}/report", produces = CSV + ";charset=UTF-8")
    String csvReport(@PathVariable String id, @RequestParam(required = false) String period,
            @RequestParam(required = false) String organisation) {
        return reports.csv(measures.month(id, period, organisation));
    }

    @ExceptionHandler
    ProblemDetail refused(RefusedRequestException e) {
        return e.problem();
    }
}
