package fi.ketju.audit;

import fi.ketju.security.KetjuPrincipal;
import org.springframework.stereotype.Component;

/**
 * An auditor's verification of the trail, for the API and the console alike: the trail brought up to date, verified,
 * and the verification itself recorded (AUDIT_VERIFY), so that no path verifies the trail unrecorded.
 */
@Component
public class TrailVerification {

    private final AuditChainer chainer;
    private final AuditVerifier verifier;
    private final AuditTrail trail;

    TrailVerification(AuditChainer chainer, AuditVerifier verifier, AuditTrail trail) {
        this.chainer = chainer;
        this.verifier = verifier;
        this.trail = trail;
    }

    public AuditVerifier.Verification verify(KetjuPrincipal auditor, AuditTrail.Via via) {
        chainer.chainBeforeRead();
        AuditVerifier.Verification verification = verifier.verify();
        trail.recordAuditorAction(auditor, MessageEvent.AUDIT_VERIFY, "intact=" + verification.intact() + ", "
                + verification.eventsChecked() + " events checked", null, null, via);
        return verification;
    }
}
