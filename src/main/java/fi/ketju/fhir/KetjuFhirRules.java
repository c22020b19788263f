package fi.ketju.fhir;

import java.util.List;

import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;

import ca.uhn.fhir.validation.IValidationContext;
import ca.uhn.fhir.validation.IValidatorModule;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import fi.ketju.identity.IdentityCodeCheck;
import fi.ketju.identity.PersonalIdentityCode;

/**
 * Ketju's rules that the FHIR specification cannot express: a Patient identifier in the HETU system must be a
 * valid personal identity code (form, century sign, existing date, check character).
 *
 * <p>Looks into Bundle entries (nested too) and contained resources, since Ketju's messages carry the Patient
 * inside a Bundle. Messages name the element and the broken rule but never the code itself: validation results
 * end up in logs and in OperationOutcomes sent back to partners.
 */
final class KetjuFhirRules implements IValidatorModule {

    static final String HETU_SYSTEM = "urn:oid:1.2.246.21";
    private static final String MESSAGE_ID = "ketju-hetu-invalid";

    @Override
    public void validateResource(IValidationContext<IBaseResource> context) {
        if (context.getResource() instanceof Resource resource) {
            check(resource, resource.fhirType(), context);
        }
    }

    private void check(Resource resource, String path, IValidationContext<IBaseResource> context) {
        if (resource instanceof Patient patient) {
            checkHetuIdentifiers(patient.getIdentifier(), path, context);
        }
        if (resource instanceof Bundle bundle) {
            List<Bundle.BundleEntryComponent> entries = bundle.getEntry();
            for (int i = 0; i < entries.size(); i++) {
                if (entries.get(i).hasResource()) {
                    check(entries.get(i).getResource(), path + ".entry[" + i + "].resource", context);
                }
            }
        }
        if (resource instanceof DomainResource domainResource) {
            List<Resource> contained = domainResource.getContained();
            for (int i = 0; i < contained.size(); i++) {
                check(contained.get(i), path + ".contained[" + i + "]", context);
            }
        }
    }

    private void checkHetuIdentifiers(List<Identifier> identifiers, String patientPath,
            IValidationContext<IBaseResource> context) {
        for (int i = 0; i < identifiers.size(); i++) {
            Identifier identifier = identifiers.get(i);
            if (!HETU_SYSTEM.equals(identifier.getSystem())) {
                continue;
            }
            IdentityCodeCheck check = PersonalIdentityCode.check(identifier.getValue());
            if (!check.valid()) {
                context.addValidationMessage(error(patientPath + ".identifier[" + i + "].value",
                        "Patient.identifier with system " + HETU_SYSTEM
                                + " is not a valid personal identity code (HETU): " + check.problem()));
            }
        }
    }

    private static SingleValidationMessage error(String location, String text) {
        SingleValidationMessage message = new SingleValidationMessage();
        message.setSeverity(ResultSeverityEnum.ERROR);
        message.setLocationString(location);
        message.setMessageId(MESSAGE_ID);
        message.setMessage(text);
        return message;
    }
}
