package fi.ketju.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.ConceptValidationOptions;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.context.support.ValidationSupportContext;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.ValueSet;

/**
 * FHIR R4 binds Expression.language to the value set expression-language (text/cql, text/fhirpath,
 * application/x-fhir-query) with an extensible binding whose maximum value set is every media type (BCP 13): another
 * language's media type, such as the measures' application/sql, is allowed. HAPI's in-memory terminology answers such a
 * code "unknown" in the code system, an error the validator keeps whatever the binding's strength; this answers it
 * "not in the value set", which an extensible binding allows, so that the validator goes on to check the code against
 * the media types, as it does with a terminology server.
 */
final class ExpressionLanguages implements IValidationSupport {

    static final String VALUE_SET = "http://hl7.org/fhir/ValueSet/expression-language";
    /** The value set's one code system: the validator asks about a code of the binding there, the system guessed. */
    static final String CODE_SYSTEM = "http://hl7.org/fhir/expression-language";
    private static final Set<String> DEFINED = Set.of("text/cql", "text/fhirpath", "application/x-fhir-query");

    private final FhirContext fhirContext;

    ExpressionLanguages(FhirContext fhirContext) {
        this.fhirContext = fhirContext;
    }

    @Override
    public FhirContext getFhirContext() {
        return fhirContext;
    }

    @Override
    public boolean isValueSetSupported(ValidationSupportContext context, String valueSetUrl) {
        return VALUE_SET.equals(valueSetUrl);
    }

    @Override
    public boolean isCodeSystemSupported(ValidationSupportContext context, String system) {
        return CODE_SYSTEM.equals(system);
    }

    @Override
    public CodeValidationResult validateCode(ValidationSupportContext context, ConceptValidationOptions options, String system,
            String code, String display, String valueSetUrl) {
        return VALUE_SET.equals(valueSetUrl) || CODE_SYSTEM.equals(system) ? notDefined(code) : null;
    }

    @Override
    public CodeValidationResult validateCodeInValueSet(ValidationSupportContext context, ConceptValidationOptions options,
            String system, String code, String display, IBaseResource valueSet) {
        return valueSet instanceof ValueSet r4 && VALUE_SET.equals(r4.getUrl()) ? notDefined(code) : null;
    }

    /** Null (the in-memory terminology's answer) for a language the value set defines. */
    private static CodeValidationResult notDefined(String code) {
        if (code == null || DEFINED.contains(code)) {
            return null;
        }
        String message = "The code '" + code + "' is not in the value set " + VALUE_SET + " (an extensible binding)";
        return new CodeValidationResult().setSeverity(IssueSeverity.ERROR).setMessage(message).setIssues(List.of(
                new CodeValidationIssue(message, IssueSeverity.ERROR, CodeValidationIssueCode.CODE_INVALID, CodeValidationIssueCoding.NOT_IN_VS)));
    }

    @Override
    public String getName() {
        return "Ketju: media types as expression languages";
    }
}
