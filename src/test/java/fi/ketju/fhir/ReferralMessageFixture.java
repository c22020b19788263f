package fi.ketju.fhir;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;

/**
 * A referral message as Ketju carries it: Bundle (message) → MessageHeader (event referral, focus the
 * ServiceRequest) → ServiceRequest (order, active, category referral) → Patient (HETU) and Organization.
 *
 * <p>The requester is identified by its business ID 0204819-8 written as an OID ({@code 1.2.246.10.} + the
 * digits without the hyphen, domain.md) under the generic URI system {@code urn:ietf:rfc:3986}: valid FHIR, and
 * needs no Finnish code system the validator does not know. A SOTE register OID under
 * {@code urn:oid:1.2.246.537.6.202.2008} would do as well once real organisations are known.
 */
final class ReferralMessageFixture {

    static final String HEADER_URL = "urn:uuid:6a0d3f52-0a6e-4c41-8f3e-5b1f2d9c0001";
    static final String SERVICE_REQUEST_URL = "urn:uuid:6a0d3f52-0a6e-4c41-8f3e-5b1f2d9c0002";
    static final String PATIENT_URL = "urn:uuid:6a0d3f52-0a6e-4c41-8f3e-5b1f2d9c0003";
    static final String ORGANIZATION_URL = "urn:uuid:6a0d3f52-0a6e-4c41-8f3e-5b1f2d9c0004";

    private ReferralMessageFixture() {
    }

    static Bundle referralMessage(String hetu) {
        MessageHeader header = new MessageHeader()
                .setEvent(new Coding("https://ketju.fi/fhir/CodeSystem/message-event", "referral", "Referral"))
                .setSource(new MessageHeader.MessageSourceComponent()
                        .setName("Ketju hub")
                        .setEndpoint("https://ketju.example/fhir"))
                .addDestination(new MessageHeader.MessageDestinationComponent()
                        .setName("Work ability support team")
                        .setEndpoint("https://partner.example/fhir"))
                .setSender(new Reference(ORGANIZATION_URL))
                .addFocus(new Reference(SERVICE_REQUEST_URL));
        header.setId("6a0d3f52-0a6e-4c41-8f3e-5b1f2d9c0001");

        ServiceRequest referral = new ServiceRequest()
                .setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE)
                .setIntent(ServiceRequest.ServiceRequestIntent.ORDER)
                .addCategory(new CodeableConcept(new Coding("http://snomed.info/sct", "3457005", "Patient referral")))
                .setSubject(new Reference(PATIENT_URL))
                .setRequester(new Reference(ORGANIZATION_URL))
                .setAuthoredOnElement(new DateTimeType("2025-03-03T09:00:00+02:00"));
        referral.setId("6a0d3f52-0a6e-4c41-8f3e-5b1f2d9c0002");

        Patient patient = new Patient().addIdentifier(new Identifier()
                .setUse(Identifier.IdentifierUse.OFFICIAL)
                .setSystem("urn:oid:1.2.246.21")
                .setValue(hetu));
        patient.setId("6a0d3f52-0a6e-4c41-8f3e-5b1f2d9c0003");

        Organization organization = new Organization()
                .addIdentifier(new Identifier()
                        .setUse(Identifier.IdentifierUse.OFFICIAL)
                        .setSystem("urn:ietf:rfc:3986")
                        .setValue("urn:oid:1.2.246.10.2048198"))
                .setName("Esimerkin hyvinvointialue");
        organization.setId("6a0d3f52-0a6e-4c41-8f3e-5b1f2d9c0004");

        Bundle bundle = new Bundle()
                .setType(Bundle.BundleType.MESSAGE)
                .setTimestampElement(new InstantType("2025-03-03T09:00:00+02:00"))
                .setIdentifier(new Identifier()
                        .setSystem("urn:ietf:rfc:3986")
                        .setValue("urn:uuid:6a0d3f52-0a6e-4c41-8f3e-5b1f2d9c00ff"));
        bundle.addEntry().setFullUrl(HEADER_URL).setResource(header);
        bundle.addEntry().setFullUrl(SERVICE_REQUEST_URL).setResource(referral);
        bundle.addEntry().setFullUrl(PATIENT_URL).setResource(patient);
        bundle.addEntry().setFullUrl(ORGANIZATION_URL).setResource(organization);
        return bundle;
    }

    static ServiceRequest serviceRequestOf(Bundle message) {
        return (ServiceRequest) message.getEntry().get(1).getResource();
    }
}
