package fi.ketju.fhir;

import com.fasterxml.jackson.databind.JsonNode;
import fi.ketju.intake.AcceptedMessage;
import fi.ketju.intake.CanonicalIntake;
import fi.ketju.intake.DoorJson;
import fi.ketju.intake.StrictUtf8;
import fi.ketju.intake.InboundTranslation;
import fi.ketju.intake.InvalidMessageException;
import fi.ketju.intake.MessageConflictException;
import fi.ketju.mapping.JsonSchemas;
import fi.ketju.mapping.MappingException;
import fi.ketju.mapping.MappingSet;
import fi.ketju.mapping.MappingsInForce;
import fi.ketju.mapping.SchemaViolation;
import fi.ketju.mapping.TranslationTable;
import fi.ketju.security.InputEchoes;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The health-care door's pipeline for one FHIR message, all of it before anything is stored: strict parse, the
 * message envelope, full validation (the input is untrusted), the inbound mapping for the event, the canonical
 * message's own rules, then the shared {@link CanonicalIntake}. Any failure refuses the whole message.
 */
@Component
class FhirMessageIntake implements InboundTranslation {

    static final String FAMILY = "health-care";
    private static final String FORMAT = "fhir";
    private static final String MESSAGE_EVENTS = "https://ketju.fi/fhir/CodeSystem/message-event";
    private static final String CANONICAL_SCHEMA = "canonical/message.schema.json";
    private static final String SENDER_ELEMENT = "MessageHeader.sender";

    /** An accepted message: its hub id, and what validating it found (warnings for the sender). */
    record Receipt(AcceptedMessage accepted, ValidationOutcome validation) {
    }

    private final FhirMessageParser parser;
    private final FhirResourceValidator validator;
    private final TranslationTable translations;
    private final MappingsInForce mappings;
    private final JsonSchemas schemas;
    private final CanonicalSources sources;
    private final CanonicalIntake canonicalIntake;
    private final DoorJson doorJson;

    FhirMessageIntake(DoorJson doorJson, FhirMessageParser parser, FhirResourceValidator validator, TranslationTable translations,
            MappingsInForce mappings, JsonSchemas schemas, CanonicalSources sources, CanonicalIntake canonicalIntake) {
        this.parser = parser;
        this.validator = validator;
        this.translations = translations;
        this.mappings = mappings;
        this.schemas = schemas;
        this.sources = sources;
        this.canonicalIntake = canonicalIntake;
        this.doorJson = doorJson;
    }

    /**
     * The strict read of what was posted, before anything else: the message Bundle, and in the Parameters form the
     * operation's other parameters.
     *
     * @throws RefusedMessageException (400) if the body cannot be read as either form
     */
    FhirMessageParser.Submission read(FhirFormat format, byte[] body) {
        try {
            refuseJsonBeyondTheDoorsLimits(format, body);
            return parser.parseSubmission(format, body);
        } catch (RefusedMessageException e) {
            throw e.withoutEchoesOf(body);
        }
    }

    /**
     * Checks, translates and takes custody of the message read from {@code body}.
     *
     * @throws RefusedMessageException with the status and OperationOutcome to answer (409, issue code conflict, when the
     *                                 Bundle.identifier or Idempotency-Key names an earlier, different message); nothing
     *                                 has been stored
     */
    Receipt receive(Bundle message, byte[] body, String idempotencyKey) {
        Translated translated = translate(mappings.current(), message, body);
        String messageIdElement = sources.elementOf(translated.canonical().path("type").asText(), "/senderMessageId");
        try {
            return new Receipt(canonicalIntake.accept(FAMILY, translated.canonical(), SENDER_ELEMENT, messageIdElement, idempotencyKey),
                    translated.validation());
        } catch (InvalidMessageException e) {
            throw refusal(e.violations(), violation -> violation.field());
        } catch (MessageConflictException e) {
            SchemaViolation conflict = e.violation();
            throw RefusedMessageException.of(HttpStatus.CONFLICT, IssueType.CONFLICT, conflict.field(), "ketju-" + conflict.rule(),
                    conflict.detail());
        }
    }

    @Override
    public Set<String> families() {
        return Set.of(FORMAT);
    }

    /** A sample is FHIR JSON, or FHIR XML if its file name ends in .xml. */
    @Override
    public JsonNode toCanonical(MappingSet mappings, String family, String fileName, byte[] message) {
        try {
            FhirFormat format = fileName.endsWith(".xml") ? FhirFormat.XML : FhirFormat.JSON;
            return translate(mappings, read(format, message).message(), message).canonical();
        } catch (RefusedMessageException e) {
            throw new InvalidMessageException(e.outcome().getIssue().stream()
                    .map(issue -> new SchemaViolation(issue.hasExpression() ? issue.getExpression().get(0).getValue() : "Bundle",
                            issue.getCode().toCode(), issue.getDiagnostics()))
                    .toList());
        }
    }

    /** The message as canonical, and what validating it found. */
    private record Translated(JsonNode canonical, ValidationOutcome validation) {
    }

    private Translated translate(MappingSet mappings, Bundle bundle, byte[] body) {
        try {
            return checkedTranslation(mappings, bundle, body);
        } catch (RefusedMessageException e) {
            throw e.withoutEchoesOf(body);
        }
    }

    /** HAPI's JSON parser lets a repeated key's last value win and has no limits of its own: the door's have. */
    private void refuseJsonBeyondTheDoorsLimits(FhirFormat format, byte[] body) {
        if (format == FhirFormat.JSON) {
            StrictUtf8.decode(body).ifPresent(text -> {
                try {
                    doorJson.check(text);
                } catch (InvalidMessageException e) {
                    SchemaViolation broken = e.violations().get(0);
                    throw RefusedMessageException.of(HttpStatus.BAD_REQUEST, IssueType.STRUCTURE, null, "ketju-" + broken.rule(),
                            broken.detail());
                }
            });
        }
    }

    private Translated checkedTranslation(MappingSet mappings, Bundle bundle, byte[] body) {
        Coding event = eventOf(bundle);
        // Written once: HAPI would write the Bundle again for its validator, and again for the mapping.
        String bundleJson = parser.encode(FhirFormat.JSON, bundle);
        ValidationOutcome validation = validator.validate(bundleJson);
        if (!validation.valid()) {
            throw new RefusedMessageException(HttpStatus.UNPROCESSABLE_ENTITY, validation.toOperationOutcome());
        }
        // After validation: the event is then a code of Ketju's message-event CodeSystem, never another table key.
        String type = event.getCode();
        String mapping = translations.inbound(FORMAT, type).orElseThrow(() -> RefusedMessageException.of(
                HttpStatus.UNPROCESSABLE_ENTITY, IssueType.NOTSUPPORTED, "MessageHeader.event", "ketju-supported-event",
                "health care may not send the event '" + type + "' to the hub; GET [base]/metadata lists the messages it takes"));
        JsonNode canonical;
        try {
            canonical = mappings.jslt(mapping, parser.tree(bundleJson), CanonicalIntake.mappingVariables());
        } catch (MappingException e) {
            // Valid FHIR the mapping cannot read: resending it unchanged cannot help, so 422 rather than 500.
            throw RefusedMessageException.of(HttpStatus.UNPROCESSABLE_ENTITY, IssueType.PROCESSING, null, "ketju-mapping",
                    "the message could not be read into the hub's form: "
                            + InputEchoes.of(new String(body, StandardCharsets.UTF_8)).freeText(e.getMessage()));
        }
        refuseGaps(type, schemas.validate(CANONICAL_SCHEMA, canonical));
        return new Translated(canonical, validation);
    }

    /** A Bundle of type message whose first entry is a MessageHeader with an event of Ketju's (bdl-12, messaging). */
    private static Coding eventOf(Bundle bundle) {
        if (bundle.getType() != Bundle.BundleType.MESSAGE) {
            throw RefusedMessageException.of(HttpStatus.BAD_REQUEST, IssueType.STRUCTURE, "Bundle.type", "ketju-message-bundle",
                    "$process-message takes a Bundle of type message, got type " + (bundle.hasType() ? bundle.getType().toCode() : "none"));
        }
        if (!(bundle.getEntryFirstRep().getResource() instanceof MessageHeader header)) {
            throw RefusedMessageException.of(HttpStatus.BAD_REQUEST, IssueType.STRUCTURE, "Bundle.entry[0].resource",
                    "ketju-message-bundle", "the first entry of a message must be its MessageHeader");
        }
        if (!header.hasEventCoding() || !MESSAGE_EVENTS.equals(header.getEventCoding().getSystem())) {
            throw RefusedMessageException.of(HttpStatus.UNPROCESSABLE_ENTITY, IssueType.CODEINVALID, "MessageHeader.event",
                    "ketju-message-event", "MessageHeader.eventCoding must be a code of " + MESSAGE_EVENTS);
        }
        return header.getEventCoding();
    }

    /** The message is valid FHIR but lacks what the hub needs: each gap named as the FHIR element it comes from. */
    private void refuseGaps(String type, List<SchemaViolation> violations) {
        if (!violations.isEmpty()) {
            throw refusal(violations, violation -> sources.elementOf(type, violation.field()));
        }
    }

    private static RefusedMessageException refusal(List<SchemaViolation> violations,
            Function<SchemaViolation, String> element) {
        OperationOutcome outcome = new OperationOutcome();
        for (SchemaViolation violation : violations) {
            RefusedMessageException.addError(outcome, IssueType.BUSINESSRULE, element.apply(violation), "ketju-" + violation.rule(),
                    violation.detail());
        }
        return new RefusedMessageException(HttpStatus.UNPROCESSABLE_ENTITY, outcome);
    }
}
