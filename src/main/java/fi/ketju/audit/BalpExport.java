package fi.ketju.audit;

import ca.uhn.fhir.context.FhirContext;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.springframework.stereotype.Component;

/**
 * The trail as FHIR R4 AuditEvent resources after the IHE Basic Audit Log Patterns (BALP): DICOM event type,
 * Ketju's event kind as subtype, the requesting agent (requestor) and the recipient agent, the hub as source
 * observer, the data subject as a Person/Patient entity identified by the HETU system (urn:oid:1.2.246.21), and
 * the message as the data object with its type, chain, legal basis and data categories.
 */
@Component
class BalpExport {

    static final String DCM = "http://dicom.nema.org/resources/ontology/DCM";
    static final String HETU_SYSTEM = "urn:oid:1.2.246.21";
    static final String EVENT_KIND_SYSTEM = "https://ketju.fi/fhir/CodeSystem/audit-event-kind";
    static final String PARTNER_SYSTEM = "https://ketju.fi/fhir/NamingSystem/partner";
    private static final String ENTITY_TYPE = "http://terminology.hl7.org/CodeSystem/audit-entity-type";
    private static final String OBJECT_ROLE = "http://terminology.hl7.org/CodeSystem/object-role";

    private final FhirContext fhirContext;

    BalpExport(FhirContext fhirContext) {
        this.fhirContext = fhirContext;
    }

    /**
     * A searchset Bundle of the events, with a next link when there is another page. {@code base} is the FHIR base
     * of the audit API: each event is at base/AuditEvent/{its id in the chain}.
     */
    Bundle bundle(List<AuditRecord> records, String base, String self, String next) {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.SEARCHSET).setTotal(records.size());
        bundle.setTimestamp(new Date());
        bundle.addLink().setRelation("self").setUrl(self);
        if (next != null) {
            bundle.addLink().setRelation("next").setUrl(next);
        }
        for (AuditRecord record : records) {
            bundle.addEntry()
                    .setFullUrl(base + "/AuditEvent/" + record.id())
                    .setResource(auditEvent(record))
                    .getSearch().setMode(Bundle.SearchEntryMode.MATCH);
        }
        return bundle;
    }

    String encode(IBaseResource resource) {
        return fhirContext.newJsonParser().setPrettyPrint(true).encodeResourceToString(resource);
    }

    AuditEvent auditEvent(AuditRecord r) {
        AuditEvent event = new AuditEvent();
        event.setId(String.valueOf(r.id()));
        Kind kind = Kind.of(r.eventType());
        event.setType(new Coding(DCM, kind.code, kind.display));
        event.addSubtype(new Coding(EVENT_KIND_SYSTEM, r.eventType().name(), null));
        event.setAction(kind.action);
        event.setRecordedElement(new InstantType(Date.from(r.occurredAt())));
        event.setOutcome(AuditEvent.AuditEventOutcome.fromCode(r.outcome().code()));
        event.setOutcomeDesc(r.detail());
        if (r.purpose() != null) {
            event.addPurposeOfEvent(new CodeableConcept().setText(r.purpose()));
        }
        AuditEvent.AuditEventAgentComponent requester = event.addAgent()
                .setType(new CodeableConcept(new Coding(DCM, "110153", "Source Role ID")))
                .setRequestor(true)
                .setWho(system(r.requester() == null ? "ketju" : r.requester()));
        if (r.requesterUser() != null) {
            requester.setName(r.requesterUser());
        }
        if (r.recipient() != null) {
            event.addAgent()
                    .setType(new CodeableConcept(new Coding(DCM, "110152", "Destination Role ID")))
                    .setRequestor(false)
                    .setWho(system(r.recipient()));
        }
        event.getSource().setSite("Ketju")
                .setObserver(system("ketju").setDisplay("Ketju integration hub"))
                .addType(new Coding("http://terminology.hl7.org/CodeSystem/security-source-type", "4", "Application Server"));
        if (r.person() != null) {
            event.addEntity()
                    .setWhat(new Reference().setIdentifier(person(r.person())))
                    .setType(new Coding(ENTITY_TYPE, "1", "Person"))
                    .setRole(new Coding(OBJECT_ROLE, "1", "Patient"));
        }
        if (r.messageId() != null) {
            AuditEvent.AuditEventEntityComponent data = event.addEntity()
                    .setWhat(new Reference().setIdentifier(new Identifier().setSystem("urn:ietf:rfc:3986").setValue("urn:uuid:" + r.messageId())))
                    .setType(new Coding(ENTITY_TYPE, "2", "System Object"))
                    .setRole(new Coding(OBJECT_ROLE, "4", "Domain Resource"))
                    .setDescription(r.dataIds());
            detail(data, "messageType", r.messageType());
            detail(data, "chainId", r.chainId());
            detail(data, "legalBasis", r.legalBasis());
            detail(data, "dataCategories", r.dataCategories().isEmpty() ? null : String.join(",", r.dataCategories()));
        }
        if (r.eventType() == MessageEvent.AUDIT_SEARCH || r.eventType() == MessageEvent.AUDIT_EXPORT) {
            event.addEntity()
                    .setType(new Coding(ENTITY_TYPE, "2", "System Object"))
                    .setRole(new Coding(OBJECT_ROLE, "24", "Query"))
                    .setQuery(r.detail() == null ? new byte[0] : r.detail().getBytes(StandardCharsets.UTF_8));
        }
        return event;
    }

    private static void detail(AuditEvent.AuditEventEntityComponent entity, String type, String value) {
        if (value != null) {
            entity.addDetail().setType(type).setValue(new StringType(value));
        }
    }

    private static Reference system(String name) {
        return new Reference().setIdentifier(new Identifier().setSystem(PARTNER_SYSTEM).setValue(name));
    }

    /** The HETU with its national system; a temporary id (system|value) with its own system. */
    private static Identifier person(String identifier) {
        int bar = identifier.indexOf('|');
        return bar < 0
                ? new Identifier().setUse(Identifier.IdentifierUse.OFFICIAL).setSystem(HETU_SYSTEM).setValue(identifier)
                : new Identifier().setUse(Identifier.IdentifierUse.TEMP).setSystem(identifier.substring(0, bar)).setValue(identifier.substring(bar + 1));
    }

    /** The DICOM event type (DCM) and FHIR action of each kind of event. */
    private enum Kind {
        IMPORT("110107", "Import", AuditEvent.AuditEventAction.C),
        EXPORT("110106", "Export", AuditEvent.AuditEventAction.R),
        PATIENT_RECORD("110110", "Patient Record", AuditEvent.AuditEventAction.E),
        APPLICATION_ACTIVITY("110100", "Application Activity", AuditEvent.AuditEventAction.E),
        AUDIT_LOG_USED("110101", "Audit Log Used", AuditEvent.AuditEventAction.R);

        final String code;
        final String display;
        final AuditEvent.AuditEventAction action;

        Kind(String code, String display, AuditEvent.AuditEventAction action) {
            this.code = code;
            this.display = display;
            this.action = action;
        }

        static Kind of(MessageEvent event) {
            return switch (event) {
                case RECEIVED, REJECTED -> IMPORT;
                case DELIVERED, DELIVERY_FAILED, DEAD_LETTERED -> EXPORT;
                case ROUTED, TRANSLATED, REPLAYED, DISCARDED -> PATIENT_RECORD;
                case ROUTE_CHANGED, MAPPING_CHANGED, CONFIGURATION_CHANGED, CHANGE_VALIDATED, CONFIGURATION_EXPORTED, HUB_STARTED,
                        RETENTION_RUN -> APPLICATION_ACTIVITY;
                case AUDIT_SEARCH, AUDIT_VIEW, AUDIT_EXPORT, AUDIT_VERIFY -> AUDIT_LOG_USED;
            };
        }
    }
}
