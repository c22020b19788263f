package fi.ketju.audit;

import fi.ketju.security.InputEchoes;
import fi.ketju.web.RefusedRequestException;

/**
 * Why an auditor opens what the hub keeps of a message (its body, a partner's whole answer): a purpose chosen from
 * the list and a reason in the auditor's own words. The view's audit event records both, so a reason is required.
 */
public record ViewReason(Purpose purpose, String reason) {

    private static final int MAX_REASON = 500;

    /** The purposes an auditor may open personal data for; the label is what the audit event records. */
    public enum Purpose {
        CLIENT_REQUEST("a client's request for their data (Client Data Act 703/2023)"),
        SUPERVISION("supervision of the lawful processing of client data"),
        INCIDENT("investigation of a data protection or security incident"),
        FAILED_DELIVERY("investigation of a failed delivery");

        private final String label;

        Purpose(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /**
     * A reason of 1 to 500 characters with no identity code in it (the trail keeps identity codes encrypted only, and
     * the reason is kept as written); a purpose from the list.
     */
    public ViewReason {
        if (purpose == null) {
            throw RefusedRequestException.invalid("purpose", "required", "choose the purpose of the view");
        }
        reason = reason == null ? "" : reason.strip();
        if (reason.isEmpty()) {
            throw RefusedRequestException.invalid("reason", "required", "write why you open it: the reason is recorded with the view");
        }
        if (reason.length() > MAX_REASON) {
            throw RefusedRequestException.invalid("reason", "length", "must be at most " + MAX_REASON + " characters");
        }
        if (InputEchoes.hasIdentityCode(reason)) {
            throw RefusedRequestException.invalid("reason", "no-identity-code",
                    "must not contain an identity code: the audit trail keeps identity codes only encrypted");
        }
    }

    /** The purpose (a {@link Purpose} name) and the reason as a form sent them, checked as above. */
    public static ViewReason of(String purpose, String reason) {
        Purpose chosen = null;
        for (Purpose known : Purpose.values()) {
            if (known.name().equals(purpose)) {
                chosen = known;
            }
        }
        return new ViewReason(chosen, reason);
    }
}
