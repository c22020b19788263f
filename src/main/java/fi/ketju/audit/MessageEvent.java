package fi.ketju.audit;

/**
 * The kinds of audit event: what happened to a message, what an admin or an auditor did, and what the hub
 * itself did. Each has the outcome the trail records for it (DICOM/FHIR AuditEvent outcome codes).
 */
public enum MessageEvent {
    /** A door accepted a message. */
    RECEIVED(Outcome.SUCCESS),
    /** A door refused a message; the detail names each field and rule, never the values. */
    REJECTED(Outcome.MINOR_FAILURE),
    ROUTED(Outcome.SUCCESS),
    /** The message was minimised and translated for a recipient: legal basis and data categories recorded. */
    TRANSLATED(Outcome.SUCCESS),
    /** The disclosure: the recipient has the message (recipient, legal basis, data categories, ids of what was sent). */
    DELIVERED(Outcome.SUCCESS),
    DELIVERY_FAILED(Outcome.MINOR_FAILURE),
    DEAD_LETTERED(Outcome.SERIOUS_FAILURE),
    /** An admin put a dead-lettered message back on its delivery queue. */
    REPLAYED(Outcome.SUCCESS),
    /** An admin removed a dead-lettered message for good; its delivery stays DEAD. */
    DISCARDED(Outcome.SUCCESS),
    /** An admin changed a route: deployed, rolled back, suspended or resumed it (AuditTrail.recordAdminAction). */
    ROUTE_CHANGED(Outcome.SUCCESS),
    /** An admin had a route or mapping file checked without deploying it; the detail says whether it passed. */
    CHANGE_VALIDATED(Outcome.SUCCESS),
    /** An admin exported a route or mapping file as in force (to bring the repository up to date). */
    CONFIGURATION_EXPORTED(Outcome.SUCCESS),
    /** An admin changed a mapping or the disclosure policy (AuditTrail.recordAdminAction). */
    MAPPING_CHANGED(Outcome.SUCCESS),
    /** An admin changed a setting (AuditTrail.recordAdminAction). */
    CONFIGURATION_CHANGED(Outcome.SUCCESS),
    /** The hub started; the detail has the fingerprint of its effective configuration, secrets left out. */
    HUB_STARTED(Outcome.SUCCESS),
    AUDIT_SEARCH(Outcome.SUCCESS),
    AUDIT_VIEW(Outcome.SUCCESS),
    AUDIT_EXPORT(Outcome.SUCCESS),
    AUDIT_VERIFY(Outcome.SUCCESS),
    /** The retention job pruned (and archived) what its policy let it. */
    RETENTION_RUN(Outcome.SUCCESS);

    private final Outcome outcome;

    MessageEvent(Outcome outcome) {
        this.outcome = outcome;
    }

    public Outcome outcome() {
        return outcome;
    }

    /** The result of an event, with its FHIR AuditEvent.outcome code. */
    public enum Outcome {
        SUCCESS("0"), MINOR_FAILURE("4"), SERIOUS_FAILURE("8");

        private final String code;

        Outcome(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }
}
